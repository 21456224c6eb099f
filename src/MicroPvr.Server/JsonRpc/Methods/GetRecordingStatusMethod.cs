using System.Text.Json.Nodes;
using MicroPvr.Core.Delivery;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// get_recording_status (ours; what Flussonic's recording_status gives): per channel, the time
/// ranges covered by at least one record file (any copy) within a window, and the gaps between,
/// including the gaps the recorder marked inside a file. The logic is
/// <see cref="RecordingCoverage"/>, shared with HTTP /CH/recording_status.json.
/// </summary>
public sealed class GetRecordingStatusMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "get_recording_status";
    public override string Summary => "Per channel: recorded ranges and gaps ([{from, to}], unix seconds) over a window, gaps inside files included.";
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
        var to = parameters.IsBlank("to") ? null : parameters.GetOptionalUnixTime("to");
        if (from > (to ?? services.Time.GetUtcNow()))
        {
            throw parameters.Invalid("'from' must not be after 'to'");
        }

        var result = new JsonArray();
        foreach (var channel in await services.Coverage.GetAsync(channelId, from, to, ct))
        {
            result.Add(new JsonObject
            {
                ["channel_id"] = channel.ChannelId,
                ["from"] = JsonFormat.Unix(channel.From),
                ["to"] = JsonFormat.Unix(channel.To),
                ["ranges"] = ToJson(channel.Ranges),
                ["gaps"] = ToJson(channel.Gaps),
            });
        }

        return JsonRpcOutcome.Ok(result);
    }

    private static JsonArray ToJson(IReadOnlyList<TimeRange> ranges)
    {
        var array = new JsonArray();
        foreach (var range in ranges)
        {
            array.Add(new JsonObject { ["from"] = JsonFormat.Unix(range.From), ["to"] = JsonFormat.Unix(range.To) });
        }

        return array;
    }
}
