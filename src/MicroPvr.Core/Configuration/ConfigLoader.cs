using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroPvr.Core.Configuration;

/// <summary>
/// Reads micropvr.conf (compat spec §4): JSON with `//` and `/* */` comments and trailing commas.
/// Lenient mode is the daemon's (the original's) behaviour: unknown and retired keys are
/// warnings, a key with a bad value keeps its default, an unreadable file gives all defaults.
/// Strict mode reports the same issues; callers treat every <see cref="ConfigIssue.IsError"/> as fatal.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultPath = "/etc/micropvr/micropvr.conf";

    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ConfigLoadResult LoadFile(string path, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Defaults(new ConfigIssue(ConfigIssueKind.Unreadable, "", $"cannot read {path}: {ex.Message}"));
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        return Parse(text, folder, strict);
    }

    /// <summary>Parses config text; relative paths are resolved against <paramref name="baseFolder"/> when given.</summary>
    public static ConfigLoadResult Parse(string text, string? baseFolder, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // JsonException numbers lines from 0; editors and operators count from 1.
            var line = ex.LineNumber + 1;
            return Defaults(new ConfigIssue(ConfigIssueKind.Syntax, "", $"not valid JSON: {FirstSentence(ex.Message)}", line));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Defaults(new ConfigIssue(ConfigIssueKind.Syntax, "", "the configuration must be a JSON object { ... }", 1));
            }
            return Bind(document.RootElement, baseFolder, strict);
        }
    }

    /// <summary>Binds a JSON object (e.g. set_config's parameter) onto defaults.</summary>
    public static ConfigLoadResult Parse(JsonObject config, string? baseFolder, bool strict)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var document = JsonDocument.Parse(config.ToJsonString());
        return Bind(document.RootElement, baseFolder, strict);
    }

    private static ConfigLoadResult Bind(JsonElement root, string? baseFolder, bool strict)
    {
        var options = new MicroPvrOptions();
        var defaults = new MicroPvrOptions();
        var issues = new List<ConfigIssue>();
        foreach (var property in root.EnumerateObject())
        {
            if (ConfigKeys.Retired.Contains(property.Name))
            {
                issues.Add(new ConfigIssue(ConfigIssueKind.RetiredKey, property.Name, "retired key, ignored"));
                continue;
            }
            if (!ConfigKeys.Properties.TryGetValue(property.Name, out var target))
            {
                issues.Add(new ConfigIssue(ConfigIssueKind.UnknownKey, property.Name, "unknown key, ignored"));
                continue;
            }
            if (ConfigValueReader.TryRead(property.Value, target.PropertyType, strict, out var value))
            {
                target.SetValue(options, value);
            }
            else
            {
                issues.Add(new ConfigIssue(ConfigIssueKind.WrongType, property.Name,
                    $"expected {ConfigValueReader.Describe(target.PropertyType)}, got {Shorten(property.Value.GetRawText())}{(strict ? "" : "; default used")}"));
            }
        }

        var rangeIssues = ConfigValidator.Validate(options);
        foreach (var issue in rangeIssues)
        {
            var property = ConfigKeys.Properties[issue.Key];
            property.SetValue(options, property.GetValue(defaults));
            issues.Add(strict ? issue : issue with { Message = issue.Message + "; default used" });
        }
        if (baseFolder is not null)
        {
            ResolvePaths(options, baseFolder);
        }
        return new ConfigLoadResult(options, issues, UsedDefaults: false);
    }

    /// <summary>Makes relative paths (and a relative `file://` demo source) absolute against the config folder.</summary>
    public static void ResolvePaths(MicroPvrOptions options, string baseFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var key in ConfigKeys.Paths)
        {
            var property = ConfigKeys.Properties[key];
            if (property.GetValue(options) is string { Length: > 0 } value && !Path.IsPathRooted(value))
            {
                var keepSlash = value.EndsWith('/');
                var full = Path.GetFullPath(Path.Combine(baseFolder, value));
                property.SetValue(options, keepSlash && !full.EndsWith('/') ? full + "/" : full);
            }
        }
        const string FileScheme = "file://";
        var source = options.DemoChannelSource;
        if (source.StartsWith(FileScheme, StringComparison.Ordinal) && !source.AsSpan(FileScheme.Length).StartsWith("/"))
        {
            var rest = source[FileScheme.Length..];
            var query = rest.IndexOf('?', StringComparison.Ordinal);
            var relative = query < 0 ? rest : rest[..query];
            var suffix = query < 0 ? "" : rest[query..];
            options.DemoChannelSource = FileScheme + Path.GetFullPath(Path.Combine(baseFolder, relative)) + suffix;
        }
    }

    private static ConfigLoadResult Defaults(ConfigIssue issue) => new(new MicroPvrOptions(), [issue], UsedDefaults: true);

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..40] + "...";

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
