using System.Text.Json.Nodes;
using MicroPvr.Core.Storage;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// get_records, also registered as get_records_list (the original's example spells it so; compat
/// spec §5 accepts both).
/// </summary>
public sealed class GetRecordsMethod(JsonRpcServices services, string name) : JsonRpcMethod
{
    public const string PrimaryName = "get_records";
    public const string AliasName = "get_records_list";

    public override string Name => name;
    public override string Summary => name == PrimaryName
        ? "Record files (all or of one channel), oldest first: id, channel-id, channel-name, record-name, start-time, stop-time."
        : "Alias of get_records.";
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("channel_id", JsonRpcParamType.Integer, false, "Only this channel."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsureNamed();
        var channelId = parameters.IsBlank("channel_id") ? null : parameters.GetOptionalInt32("channel_id", min: 1);
        var records = await services.Catalog.GetRecordsAsync(channelId, ct);
        // "locked" (ours): the record overlaps a range protected by lock_range.
        var locks = services.LocksOrNull is { } store
            ? new RangeLockSet(await store.GetRangeLocksAsync(channelId, ct))
            : RangeLockSet.Empty;
        var now = services.Time.GetUtcNow();
        var list = new JsonArray();
        foreach (var record in records)
        {
            var entry = JsonFormat.Record(record, now);
            entry["locked"] = locks.IsLocked(record);
            list.Add(entry);
        }

        return JsonRpcOutcome.Ok(list);
    }
}
