using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Configuration;

/// <summary>
/// The running configuration (compat spec §4, §5 get_config/set_config). set_config merges the
/// given keys into the current file, validates strictly, backs the file up
/// (<c>micropvr.conf.bak.&lt;UTC time&gt;</c>), rewrites it atomically (temp file + rename) and
/// applies it without restart by raising <see cref="Changed"/>; when a subscriber refuses the new
/// configuration, the previous file and options come back (222), or 223 when that fails too.
/// </summary>
public sealed partial class ConfigService : IConfigService, IDisposable
{
    public const int InvalidArgument = 101;
    public const int BackupFailed = 220;
    public const int WriteFailed = 221;
    public const int ApplyFailedRestored = 222;
    public const int ApplyFailedNotRestored = 223;

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConfigLoadResult _initial;
    private volatile MicroPvrOptions _current;

    public ConfigService(string path, ConfigLoadResult initial, ILogger<ConfigService> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(initial);
        Path = System.IO.Path.GetFullPath(path);
        _initial = initial;
        _current = initial.Options;
        _logger = logger;
        _time = time;
    }

    /// <summary>The configuration file this service reads and rewrites.</summary>
    public string Path { get; }

    public MicroPvrOptions Current => _current;

    public event Action<MicroPvrOptions>? Changed;

    /// <summary>Logs the outcome of the start-up load (1003 or 1004, then one warning per problem key).</summary>
    public void LogStartupLoad()
    {
        if (_initial.UsedDefaults)
        {
            LogLoadFailed(_logger, Path, _initial.Issues.Count > 0 ? _initial.Issues[0].ToString() : "unknown");
            return;
        }
        LogLoaded(_logger, Path);
        LogIssues(_initial.Issues);
    }

    public JsonObject GetConfigJson() => (JsonObject)JsonSerializer.SerializeToNode(_current)!;

    public async ValueTask<int> SetConfigAsync(JsonObject config, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return SetConfigLocked(config);
        }
        finally
        {
            _gate.Release();
        }
    }

    private int SetConfigLocked(JsonObject config)
    {
        var previousText = ReadCurrentText();
        var merged = Merge(previousText, config);
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        var result = ConfigLoader.Parse(merged, folder, strict: true);
        var errors = new List<string>();
        foreach (var issue in result.Issues)
        {
            if (issue.Kind is ConfigIssueKind.WrongType or ConfigIssueKind.OutOfRange)
            {
                errors.Add(issue.ToString());
            }
        }
        if (errors.Count > 0)
        {
            LogRefused(_logger, string.Join("; ", errors));
            return InvalidArgument;
        }
        LogIssues(result.Issues);

        if (previousText is not null && !TryBackup())
        {
            return BackupFailed;
        }
        if (!TryWriteAtomically(merged.ToJsonString(WriteOptions) + "\n", out var writeError))
        {
            LogWriteFailed(_logger, Path, writeError);
            return WriteFailed;
        }
        LogRewritten(_logger, Path);

        var previous = _current;
        try
        {
            Apply(result.Options);
            LogApplied(_logger);
            return 0;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Restore(previous, previousText, ex);
        }
    }

    private int Restore(MicroPvrOptions previous, string? previousText, Exception cause)
    {
        string? failure = null;
        if (previousText is not null && !TryWriteAtomically(previousText, out var writeError))
        {
            failure = writeError;
        }
        try
        {
            Apply(previous);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failure ??= ex.Message;
        }
        if (failure is not null)
        {
            LogRestoreFailed(_logger, failure);
            return ApplyFailedNotRestored;
        }
        LogApplyFailedRestored(_logger, cause);
        return ApplyFailedRestored;
    }

    private void Apply(MicroPvrOptions options)
    {
        _current = options;
        Changed?.Invoke(options);
    }

    private string? ReadCurrentText()
    {
        try
        {
            return File.Exists(Path) ? File.ReadAllText(Path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The current file's keys (in their order) with the given keys replacing or added.</summary>
    private JsonObject Merge(string? currentText, JsonObject changes)
    {
        JsonObject merged;
        try
        {
            merged = currentText is null ? GetConfigJson()
                : JsonNode.Parse(currentText, documentOptions: ConfigLoader.DocumentOptions) as JsonObject ?? GetConfigJson();
        }
        catch (JsonException)
        {
            merged = GetConfigJson();
        }
        foreach (var (key, value) in changes)
        {
            merged[key] = value?.DeepClone();
        }
        return merged;
    }

    private bool TryBackup()
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var backup = $"{Path}.bak.{stamp}";
        for (var n = 1; File.Exists(backup); n++)
        {
            backup = $"{Path}.bak.{stamp}.{n}";
        }
        try
        {
            File.Copy(Path, backup, overwrite: false);
            LogBackedUp(_logger, backup);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogBackupFailed(_logger, backup, ex.Message);
            return false;
        }
    }

    /// <summary>Writes to a temp file in the same folder, syncs it, then renames it over the config.</summary>
    private bool TryWriteAtomically(string text, out string error)
    {
        var temp = $"{Path}.tmp.{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, Path, overwrite: true);
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = ex.Message;
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do; the temp name is reused next time.
            }
            return false;
        }
    }

    public void Dispose() => _gate.Dispose();

    private void LogIssues(IReadOnlyList<ConfigIssue> issues)
    {
        foreach (var issue in issues)
        {
            switch (issue.Kind)
            {
                case ConfigIssueKind.UnknownKey:
                    LogUnknownKey(_logger, issue.Key);
                    break;
                case ConfigIssueKind.RetiredKey:
                    LogRetiredKey(_logger, issue.Key);
                    break;
                default:
                    LogBadValue(_logger, issue.Key, issue.Message);
                    break;
            }
        }
    }
}
