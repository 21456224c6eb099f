namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// cancel_task (compat spec §5): always "ok"; ignored when all params are empty. Without
/// record_location every location of the channel is cancelled (compat spec §8). Files stay.
/// </summary>
public sealed class CancelTaskMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "cancel_task";
    public override string Summary => "Cancels the task(s) of a channel (one location, or all when record_location is absent). Files are kept. Always \"ok\".";
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("channel_id", JsonRpcParamType.Integer, true, "Channel id."),
        new("record_location", JsonRpcParamType.String, true, "Location of the task; absent or empty = every location of the channel."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsureNamed();
        var location = parameters.GetOptionalString("record_location");
        if (parameters.IsBlank("channel_id"))
        {
            return JsonRpcOutcome.OkString("ok");
        }

        var channelId = parameters.GetInt32("channel_id", min: 1);
        await services.Tasks.CancelTaskAsync(channelId, string.IsNullOrEmpty(location) ? null : location, ct);
        return JsonRpcOutcome.OkString("ok");
    }
}
