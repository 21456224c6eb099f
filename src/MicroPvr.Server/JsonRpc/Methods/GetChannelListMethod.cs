using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// get_channel_list (compat spec §5): channels known from the tasks, with their names and sources,
/// and channel_counter = distinct clients (non-empty aid) in the monitor window.
/// </summary>
public sealed class GetChannelListMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "get_channel_list";
    public override string Summary => "[{channel_id, channel_names, channel_sources, channel_counter}] for every channel that has a task.";

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        var tasks = await services.Tasks.GetTasksAsync(ct);
        var statistics = services.StatisticsOrNull;
        var channels = new SortedDictionary<int, (List<string> Names, List<string> Sources)>();
        foreach (var task in tasks)
        {
            if (!channels.TryGetValue(task.ChannelId, out var entry))
            {
                entry = ([], []);
                channels.Add(task.ChannelId, entry);
            }

            AddDistinct(entry.Names, task.ChannelName);
            AddDistinct(entry.Sources, task.StreamSource);
        }

        var list = new JsonArray();
        foreach (var (channelId, (names, sources)) in channels)
        {
            list.Add(new JsonObject
            {
                ["channel_id"] = channelId,
                ["channel_names"] = new JsonArray([.. names.Select(n => (JsonNode)n)]),
                ["channel_sources"] = new JsonArray([.. sources.Select(s => (JsonNode)s)]),
                ["channel_counter"] = statistics?.GetChannelClientCount(channelId) ?? 0,
            });
        }

        return JsonRpcOutcome.Ok(list);
    }

    private static void AddDistinct(List<string> list, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !list.Contains(value))
        {
            list.Add(value);
        }
    }
}
