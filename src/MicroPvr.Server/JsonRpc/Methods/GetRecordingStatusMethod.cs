using System.Text.Json.Nodes;
using MicroPvr.Core.Catalog;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// get_recording_status (ours; what Flussonic's recording_status gives): per channel, the time
/// ranges covered by at least one record file (any copy) within a window, and the gaps between.
/// </summary>
public sealed class GetRecordingStatusMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "get_recording_status";
    public override string Summary => "Per channel: recorded ranges and gaps ([{from, to}], unix seconds) over a window.";
    public override bool ProductErrorCodes => false;
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("channel_id", JsonRpcParamType.Integer, false, "Only this channel; absent = every channel that has records."),
        new("from", JsonRpcParamType.Integer, false, "Window start (unix); default: the channel's first record."),
        new("to", JsonRpcParamType.Integer, false, "Window end (unix); default: now."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsureNamed();
        var channelId = parameters.IsBlank("channel_id") ? null : parameters.GetOptionalInt32("channel_id", min: 1);
        var from = parameters.IsBlank("from") ? null : parameters.GetOptionalUnixTime("from");
        var now = services.Time.GetUtcNow();
        var to = (parameters.IsBlank("to") ? null : parameters.GetOptionalUnixTime("to")) ?? now;
        if (from > to)
        {
            throw parameters.Invalid("'from' must not be after 'to'");
        }

        var records = await services.Catalog.GetRecordsAsync(channelId, ct);
        var byChannel = new SortedDictionary<int, List<RecordFile>>();
        foreach (var record in records)
        {
            if (!byChannel.TryGetValue(record.ChannelId, out var list))
            {
                byChannel.Add(record.ChannelId, list = []);
            }

            list.Add(record);
        }

        if (channelId is { } only && !byChannel.ContainsKey(only))
        {
            byChannel.Add(only, []);
        }

        var result = new JsonArray();
        foreach (var (channel, list) in byChannel)
        {
            result.Add(Describe(channel, list, from, to, now));
        }

        return JsonRpcOutcome.Ok(result);
    }

    private static JsonObject Describe(int channelId, List<RecordFile> records, DateTimeOffset? from, DateTimeOffset to, DateTimeOffset now)
    {
        var ranges = RecordedRanges.Merge(records, now);
        var windowStart = from ?? (ranges.Count > 0 ? ranges[0].From : to);
        var clipped = RecordedRanges.Clip(ranges, windowStart, to);
        var gaps = RecordedRanges.Complement(clipped, windowStart, to);
        return new JsonObject
        {
            ["channel_id"] = channelId,
            ["from"] = JsonFormat.Unix(windowStart),
            ["to"] = JsonFormat.Unix(to),
            ["ranges"] = ToJson(clipped),
            ["gaps"] = ToJson(gaps),
        };
    }

    private static JsonArray ToJson(List<(DateTimeOffset From, DateTimeOffset To)> ranges)
    {
        var array = new JsonArray();
        foreach (var (from, to) in ranges)
        {
            array.Add(new JsonObject { ["from"] = JsonFormat.Unix(from), ["to"] = JsonFormat.Unix(to) });
        }

        return array;
    }
}
