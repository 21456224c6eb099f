using System.Text.Json.Nodes;
using MicroPvr.Core.Catalog;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// unlock_range (ours, nPVR): removes one lock by <c>id</c>, or makes [from, to) of a channel
/// unlocked (locks inside removed, over one end trimmed, spanning it split). The records become
/// deletable again by the usual rules.
/// </summary>
public sealed class UnlockRangeMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "unlock_range";
    public override string Summary => "Removes a range lock by id, or unlocks [from, to) of a channel (removing, trimming or splitting locks). Returns {removed, trimmed, split}.";
    public override bool ProductErrorCodes => false;
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("id", JsonRpcParamType.Integer, false, "The lock to remove (as lock_range / get_locks answer); or give channel_id, from and to."),
        new("channel_id", JsonRpcParamType.Integer, false, "The channel whose range is unlocked (with from and to)."),
        new("from", JsonRpcParamType.Integer, false, "Start of the time to unlock (unix, inclusive)."),
        new("to", JsonRpcParamType.Integer, false, "End of the time to unlock (unix, exclusive); after from."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsurePresent();
        var byRange = !parameters.IsBlank("channel_id") || !parameters.IsBlank("from") || !parameters.IsBlank("to");
        RangeUnlockResult result;
        if (!parameters.IsBlank("id"))
        {
            if (byRange)
            {
                throw parameters.Invalid("give either 'id' or 'channel_id', 'from' and 'to', not both");
            }

            var id = parameters.GetInt64("id", min: 1);
            result = await services.Locks.RemoveRangeLockAsync(id, ct) ? new RangeUnlockResult(1, 0, 0) : default;
        }
        else
        {
            var channelId = parameters.GetInt32("channel_id", min: 1);
            var from = parameters.GetUnixTime("from");
            var to = parameters.GetUnixTime("to");
            if (to <= from)
            {
                throw parameters.Invalid("'to' must be after 'from'");
            }

            result = await services.Locks.UnlockRangeAsync(channelId, from, to, ct);
        }

        return JsonRpcOutcome.Ok(new JsonObject { ["removed"] = result.Removed, ["trimmed"] = result.Trimmed, ["split"] = result.Split });
    }
}
