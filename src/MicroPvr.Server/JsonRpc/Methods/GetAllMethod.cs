using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>get_all (ours, for micropvr_control get_all, compat spec §8): the tasks and the mount points with their space in MiB.</summary>
public sealed class GetAllMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "get_all";
    public override string Summary => "{tasks: [get_tasks_list entries], mount_points: [{path, free, reserved, available, record_locations}]} (MiB).";
    public override bool ProductErrorCodes => false;
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("channel_id", JsonRpcParamType.Integer, false, "Only the tasks of this channel."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsureNamed();
        var channelId = parameters.IsBlank("channel_id") ? null : parameters.GetOptionalInt32("channel_id", min: 1);
        var tasks = new JsonArray();
        foreach (var task in await services.Tasks.GetTasksAsync(ct))
        {
            if (channelId is null || task.ChannelId == channelId)
            {
                tasks.Add(JsonFormat.Task(task));
            }
        }

        var mounts = new JsonArray();
        foreach (var mount in services.Storage.GetMountPoints())
        {
            mounts.Add(new JsonObject
            {
                ["path"] = mount.Path,
                ["free"] = mount.FreeMiB,
                ["reserved"] = mount.ReservedMiB,
                ["available"] = mount.AvailableMiB,
                ["record_locations"] = new JsonArray([.. mount.RecordLocations.Select(l => (JsonNode)l)]),
            });
        }

        return JsonRpcOutcome.Ok(new JsonObject { ["tasks"] = tasks, ["mount_points"] = mounts });
    }
}
