using MicroPvr.Core.Tasks;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// add_task (deprecated, compat spec §5): a periodic task whose first run starts at once and whose
/// later runs begin at gap_time (UTC hour). Answers "ok" or "failed".
/// </summary>
public sealed partial class AddTaskMethod(JsonRpcServices services, ILogger<AddTaskMethod> logger) : JsonRpcMethod
{
    public override string Name => "add_task";
    public override string Summary => "Deprecated: periodic task starting at once, later files start at gap_time (UTC hour). Returns \"ok\" or \"failed\".";
    public override bool Deprecated => true;
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("channel_id", JsonRpcParamType.Integer, true, "Channel id, > 0."),
        new("channel_name", JsonRpcParamType.String, false, "Channel name."),
        new("duration", JsonRpcParamType.Integer, true, "Length of one run in seconds, >= 120."),
        new("lifetime", JsonRpcParamType.Integer, true, "Seconds a file is kept after its recording ended."),
        new("gap_time", JsonRpcParamType.Integer, true, "UTC hour 0..23 at which a new file starts."),
        new("record_location", JsonRpcParamType.String, true, "Absolute directory the files go to."),
        new("priority", JsonRpcParamType.Integer, true, "Copy priority, >= 0."),
        new("repeat_period", JsonRpcParamType.Integer, true, "Must equal duration."),
        new("stream_source", JsonRpcParamType.String, true, "Source URL."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        try
        {
            var request = Read(parameters, services.Time.GetUtcNow());
            await TaskRequestReader.CreateAsync(services.Tasks, request, ct);
            return JsonRpcOutcome.OkString("ok");
        }
        catch (JsonRpcErrorException ex)
        {
            LogFailed(logger, ex.Code, ex.Message);
            return JsonRpcOutcome.OkString("failed");
        }
    }

    private static TaskRequest Read(JsonRpcParams p, DateTimeOffset now)
    {
        p.EnsurePresent();
        var duration = p.GetInt64("duration", min: 120, max: int.MaxValue);
        var repeat = p.GetInt64("repeat_period", min: 0, max: int.MaxValue);
        if (repeat != duration)
        {
            throw p.Invalid("'repeat_period' must equal 'duration'");
        }

        var location = p.GetString("record_location");
        if (!Path.IsPathFullyQualified(location))
        {
            throw p.Invalid("'record_location' must be an absolute directory");
        }

        return new TaskRequest
        {
            ChannelId = p.GetInt32("channel_id", min: 1),
            ChannelName = p.GetOptionalString("channel_name"),
            StreamSource = p.GetString("stream_source"),
            Start = now,
            Duration = TimeSpan.FromSeconds(duration),
            Lifetime = TimeSpan.FromSeconds(p.GetInt64("lifetime", min: 0, max: int.MaxValue)),
            RepeatPeriod = TimeSpan.FromSeconds(repeat),
            RecordLocation = location,
            Priority = p.GetInt32("priority", min: 0),
            GapTimeHour = p.GetInt32("gap_time", min: 0, max: 23),
        };
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "API error {Code} in add_task: {Reason} (answered \"failed\")")]
    private static partial void LogFailed(ILogger logger, int code, string reason);
}
