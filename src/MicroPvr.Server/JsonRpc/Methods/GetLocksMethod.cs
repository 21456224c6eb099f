using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>get_locks (ours, nPVR): the range locks, all or of one channel, by channel then start.</summary>
public sealed class GetLocksMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "get_locks";
    public override string Summary => "Range locks (lock_range), all or of one channel: [{id, channel_id, from, to, comment, created}].";
    public override bool ProductErrorCodes => false;
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("channel_id", JsonRpcParamType.Integer, false, "Only this channel."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsureNamed();
        var channelId = parameters.IsBlank("channel_id") ? null : parameters.GetOptionalInt32("channel_id", min: 1);
        var list = new JsonArray();
        foreach (var rangeLock in await services.Locks.GetRangeLocksAsync(channelId, ct))
        {
            list.Add(JsonFormat.Lock(rangeLock));
        }

        return JsonRpcOutcome.Ok(list);
    }
}
