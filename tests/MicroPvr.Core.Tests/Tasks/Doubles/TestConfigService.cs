using System.Text.Json;
using System.Text.Json.Nodes;
using MicroPvr.Core.Configuration;

namespace MicroPvr.Core.Tests.Tasks.Doubles;

/// <summary>A configuration held in memory (the real service reads and writes the config file).</summary>
internal sealed class TestConfigService(MicroPvrOptions options) : IConfigService
{
    public MicroPvrOptions Current { get; private set; } = options;
    public event Action<MicroPvrOptions>? Changed;

    public JsonObject GetConfigJson() => JsonSerializer.SerializeToNode(Current)!.AsObject();

    public ValueTask<int> SetConfigAsync(JsonObject config, CancellationToken ct = default)
    {
        var parsed = config.Deserialize<MicroPvrOptions>();
        if (parsed is null)
        {
            return ValueTask.FromResult(101);
        }

        Current = parsed;
        Changed?.Invoke(parsed);
        return ValueTask.FromResult(0);
    }
}
