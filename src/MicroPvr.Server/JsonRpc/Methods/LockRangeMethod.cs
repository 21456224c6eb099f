using MicroPvr.Core.Catalog;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// lock_range (ours, nPVR): protects [from, to) of a channel against deletion. Every record file of
/// the channel (any copy) overlapping it is kept by lifetime expiry, low-space removal,
/// delete_records and delete_records_days until unlock_range. Stored in the catalog.
/// </summary>
public sealed class LockRangeMethod(JsonRpcServices services) : JsonRpcMethod
{
    /// <summary>Bounds a comment so a client cannot grow the catalog without limit through one call.</summary>
    private const int MaxCommentLength = 1024;

    public override string Name => "lock_range";
    public override string Summary => "Protects a time range of a channel against deletion (nPVR). Returns the lock {id, channel_id, from, to, comment, created}.";
    public override bool ProductErrorCodes => false;
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("channel_id", JsonRpcParamType.Integer, true, "The channel."),
        new("from", JsonRpcParamType.Integer, true, "Start of the protected time (unix, inclusive)."),
        new("to", JsonRpcParamType.Integer, true, "End of the protected time (unix, exclusive); after from."),
        new("comment", JsonRpcParamType.String, false, "Free text kept with the lock (e.g. the programme), at most 1024 characters."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsurePresent();
        var channelId = parameters.GetInt32("channel_id", min: 1);
        var from = parameters.GetUnixTime("from");
        var to = parameters.GetUnixTime("to");
        if (to <= from)
        {
            throw parameters.Invalid("'to' must be after 'from'");
        }

        var comment = parameters.GetOptionalString("comment");
        if (comment is { Length: > MaxCommentLength })
        {
            throw parameters.Invalid($"'comment' is longer than {MaxCommentLength} characters");
        }

        var stored = await services.Locks.AddRangeLockAsync(
            new RangeLock { ChannelId = channelId, From = from, To = to, Comment = string.IsNullOrEmpty(comment) ? null : comment }, ct);
        return JsonRpcOutcome.Ok(JsonFormat.Lock(stored));
    }
}
