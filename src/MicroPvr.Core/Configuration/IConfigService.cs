using System.Text.Json.Nodes;

namespace MicroPvr.Core.Configuration;

/// <summary>The running configuration: read, and replaced at run time by set_config (compat spec §5).</summary>
public interface IConfigService
{
    MicroPvrOptions Current { get; }
    /// <summary>Raised after a new configuration was applied.</summary>
    event Action<MicroPvrOptions>? Changed;
    /// <summary>The configuration object as get_config returns it.</summary>
    JsonObject GetConfigJson();
    /// <summary>Backs up, rewrites and applies a configuration; returns 0 or the API error code (101, 220..223).</summary>
    ValueTask<int> SetConfigAsync(JsonObject config, CancellationToken ct = default);
}
