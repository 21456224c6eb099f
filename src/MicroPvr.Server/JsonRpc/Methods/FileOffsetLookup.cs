using System.Text.Json.Nodes;
using MicroPvr.Core.Delivery;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// The lookup behind get_file_and_offset and get_file_offset (compat spec §5): the keyframe at or
/// before the timestamp in the highest-priority copy that covers it. The record is marked read
/// (records-block-active-time protection, compat spec §3) and the request is counted.
/// </summary>
public sealed class FileOffsetLookup(JsonRpcServices services)
{
    /// <summary>compat spec §5: near_end = requests within 180 s of real time.</summary>
    private static readonly TimeSpan NearEnd = TimeSpan.FromSeconds(180);

    /// <summary>How old a record's read mark must be before a lookup writes a new one.</summary>
    public static readonly TimeSpan ReadMarkGranularity = TimeSpan.FromMinutes(1);

    public static readonly JsonRpcParamInfo[] Params =
    [
        new("channel_id", JsonRpcParamType.Integer, true, "Channel id."),
        new("timestamp", JsonRpcParamType.Integer, true, "Unix time to start from."),
        new("aid", JsonRpcParamType.String, false, "Subscriber account id, for statistics."),
        new("priority", JsonRpcParamType.Integer, false, "Force the copy of this priority (ours, as the /ts priority parameter)."),
    ];

    public async ValueTask<ArchivePosition> LookupAsync(JsonRpcParams p, CancellationToken ct)
    {
        p.EnsurePresent();
        var channelId = p.GetInt32("channel_id", min: 1);
        var at = p.GetUnixTime("timestamp");
        var aid = p.GetOptionalString("aid");
        var priority = p.GetOptionalInt32("priority", min: 0);

        var position = await services.Locator.LocateAsync(channelId, at, priority, ct);
        var now = services.Time.GetUtcNow();
        services.StatisticsOrNull?.RecordRequest(channelId, aid, position is not null, (now - at).Duration() <= NearEnd);
        if (position is null)
        {
            throw new JsonRpcErrorException(JsonRpcErrorCodes.NotFound, "Not found: no record covers this time");
        }

        // The read mark protects an active file from retention for records-block-active-time
        // (whole minutes, compat spec §3). Writing it on every seek made each lookup a catalog
        // write transaction (and now and then a WAL checkpoint): a file whose mark is less than
        // a minute old keeps it, so the protection ends at most that minute early.
        if (services.CatalogOrNull is { } catalog && position.Record.Id > 0
            && (position.Record.LastReadAt is not { } marked || now - marked >= ReadMarkGranularity))
        {
            await catalog.MarkRecordReadAsync(position.Record.Id, now, ct);
        }

        return position;
    }

    public static JsonObject ToJson(ArchivePosition position) =>
        new()
        {
            ["offset"] = JsonFormat.Invariant(position.ByteOffset),
            ["file"] = position.Record.Path,
            ["timestamp"] = JsonFormat.Unix(position.KeyframeUtc),
        };
}
