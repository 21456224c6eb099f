using MicroPvr.Core.Tasks;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>Reads and validates create_new_task-style params (compat spec §3, §5).</summary>
internal static class TaskRequestReader
{
    public static readonly JsonRpcParamInfo[] Params =
    [
        new("channel_id", JsonRpcParamType.Integer, true, "Channel id, > 0."),
        new("channel_name", JsonRpcParamType.String, false, "Channel name."),
        new("duration", JsonRpcParamType.Integer, true, "Length of one run in seconds, >= 120."),
        new("lifetime", JsonRpcParamType.Integer, true, "Seconds a file is kept after its recording ended, >= 0."),
        new("start_timestamp", JsonRpcParamType.Integer, false, "Unix time of the first run; default now + 5 s."),
        new("record_location", JsonRpcParamType.String, true, "Absolute directory the files go to."),
        new("priority", JsonRpcParamType.Integer, false, "Copy priority, >= 0, lower is better; default 50."),
        new("repeat_period", JsonRpcParamType.Integer, false, "Seconds between runs, >= duration; absent or 0 = one-off."),
        new("stream_source", JsonRpcParamType.String, true, "Source URL, e.g. udp://@239.1.1.1:1234."),
        new("urgent", JsonRpcParamType.Boolean, false, "Periodic task: start the current period's run at once."),
    ];

    public static TaskRequest Read(JsonRpcParams p, DateTimeOffset now, bool startRequired)
    {
        p.EnsurePresent();
        var channelId = p.GetInt32("channel_id", min: 1);
        var channelName = p.GetOptionalString("channel_name");
        var duration = p.GetInt64("duration", min: 120, max: int.MaxValue);
        var lifetime = p.GetInt64("lifetime", min: 0, max: int.MaxValue);
        var start = startRequired ? p.GetUnixTime("start_timestamp") : p.GetOptionalUnixTime("start_timestamp");
        var location = p.GetString("record_location");
        if (!Path.IsPathFullyQualified(location))
        {
            throw p.Invalid("'record_location' must be an absolute directory");
        }

        var priority = p.GetOptionalInt32("priority", min: 0) ?? 50;
        var source = p.GetString("stream_source");
        var urgent = p.GetOptionalBoolean("urgent") ?? false;

        // repeat_period 0 is what clients that always send every member use for "one-off".
        var repeat = p.GetOptionalInt64("repeat_period", min: 0, max: int.MaxValue) is > 0 and var r ? r : (long?)null;
        if (repeat < duration)
        {
            throw new JsonRpcErrorException(JsonRpcErrorCodes.RepeatPeriodTooShort, "repeat_period is shorter than duration");
        }

        if (repeat is null && (start ?? now).AddSeconds(duration) <= now)
        {
            throw new JsonRpcErrorException(JsonRpcErrorCodes.EndTimePassed, "the end time of this one-off task is already past");
        }

        return new TaskRequest
        {
            ChannelId = channelId,
            ChannelName = channelName,
            StreamSource = source,
            Start = start,
            Duration = TimeSpan.FromSeconds(duration),
            Lifetime = TimeSpan.FromSeconds(lifetime),
            RepeatPeriod = repeat is { } period ? TimeSpan.FromSeconds(period) : null,
            RecordLocation = location,
            Priority = priority,
            Urgent = urgent,
        };
    }

    /// <summary>Hands the request to the task manager; its refusals keep their API code.</summary>
    public static async ValueTask<RecordingTask> CreateAsync(ITaskManager tasks, TaskRequest request, CancellationToken ct)
    {
        var result = await tasks.CreateTaskAsync(request, ct);
        if (!result.Succeeded || result.Task is null)
        {
            throw new JsonRpcErrorException(
                result.ErrorCode == 0 ? JsonRpcErrorCodes.InvalidArgument : result.ErrorCode,
                result.ErrorMessage ?? "task refused");
        }

        return result.Task;
    }
}
