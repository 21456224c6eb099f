using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace MicroPvr.Core.Configuration;

/// <summary>
/// The key table of <see cref="MicroPvrOptions"/>: JSON name → property, taken from the
/// [JsonPropertyName] attributes so the class stays the single place that names keys.
/// </summary>
public static class ConfigKeys
{
    /// <summary>Keys the original removed; still accepted, ignored with a warning (compat spec §4).</summary>
    public static readonly FrozenSet<string> Retired =
        new[] { "task-activation-period", "task-caching-period", "records-outdated-checking-period" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Keys whose value is a file or directory path; a relative path is resolved against the config file's folder.</summary>
    public static readonly FrozenSet<string> Paths = new[]
    {
        "log-path", "log-state-path", "records-link-dir", "recorder-pid-path", "recorder-log-path",
        "data-dir", "demo-channel-location",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, PropertyInfo> Properties = BuildTable();

    /// <summary>All key names in declaration order (the order of the sample config and get_config).</summary>
    public static readonly IReadOnlyList<string> Names = BuildNames();

    private static FrozenDictionary<string, PropertyInfo> BuildTable()
    {
        var table = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (var property in typeof(MicroPvrOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is not null)
            {
                table[name] = property;
            }
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static List<string> BuildNames()
    {
        var names = new List<string>();
        foreach (var property in typeof(MicroPvrOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is not null)
            {
                names.Add(name);
            }
        }
        return names;
    }
}
