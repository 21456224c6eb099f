namespace MicroPvr.Core.Tasks;

/// <summary>
/// Turns an API task request into a task with its first run planned, or an API error code
/// (compat spec §3, §5). Pure: "now" is a parameter. Uniqueness is checked by the task manager,
/// which knows the other tasks.
/// </summary>
public static class TaskRequestValidator
{
    /// <summary>create_new_task's default start: now + 5 s (compat spec §5).</summary>
    public static readonly TimeSpan DefaultStartDelay = TimeSpan.FromSeconds(5);

    public static TaskResult Validate(TaskRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckArguments(request) is { } error)
        {
            return error;
        }

        if (request.RepeatPeriod is { } period && period < request.Duration)
        {
            return TaskResult.Error(TaskErrorCodes.RepeatPeriodTooShort, "repeat_period must not be smaller than duration");
        }

        RunWindow first;
        if (request.GapTimeHour is { } gapHour)
        {
            if (gapHour is < 0 or > 23)
            {
                return TaskResult.Error(TaskErrorCodes.InvalidArgument, "gap_time must be an hour from 0 to 23");
            }

            // Legacy add_task: later runs begin at gap_time, which the schedule expresses as
            // consecutive slots; that only holds when repeat_period == duration (compat spec §5).
            if (request.RepeatPeriod != request.Duration)
            {
                return TaskResult.Error(TaskErrorCodes.InvalidArgument, "add_task needs repeat_period equal to duration");
            }

            first = TaskSchedule.PlanGapTimeFirstRun(gapHour, now);
        }
        else
        {
            var start = request.Start ?? now + DefaultStartDelay;
            if (TaskSchedule.PlanFirstRun(start, request.Duration, request.RepeatPeriod, request.Urgent, now) is not { } planned)
            {
                return TaskResult.Error(TaskErrorCodes.EndTimeInPast, "the end time of this one-off task is already past");
            }

            first = planned;
        }

        return TaskResult.Ok(new RecordingTask
        {
            ChannelId = request.ChannelId,
            ChannelName = string.IsNullOrWhiteSpace(request.ChannelName) ? null : request.ChannelName,
            StreamSource = request.StreamSource.Trim(),
            Start = first.Start,
            Stop = first.End,
            Duration = request.Duration,
            Lifetime = request.Lifetime,
            RepeatPeriod = request.RepeatPeriod,
            RecordLocation = request.RecordLocation,
            Priority = request.Priority,
            Urgent = request.Urgent,
            Status = RecordingTaskStatus.New,
        });
    }

    /// <summary>Same location whatever trailing separator the client wrote.</summary>
    public static string NormalizeLocation(string recordLocation) =>
        recordLocation.Length > 1 ? Path.TrimEndingDirectorySeparator(recordLocation) : recordLocation;

    private static TaskResult? CheckArguments(TaskRequest request)
    {
        if (request.ChannelId <= 0)
        {
            return Invalid("channel_id must be a positive integer");
        }

        if (string.IsNullOrWhiteSpace(request.StreamSource)
            || !Uri.TryCreate(request.StreamSource.Trim(), UriKind.Absolute, out _))
        {
            return Invalid("stream_source must be a URL such as udp://@239.1.1.1:1234");
        }

        if (string.IsNullOrWhiteSpace(request.RecordLocation) || !Path.IsPathFullyQualified(request.RecordLocation))
        {
            return Invalid("record_location must be an absolute directory");
        }

        if (request.Duration < TaskSchedule.MinimumDuration)
        {
            return Invalid("duration must be at least 120 seconds");
        }

        if (request.Lifetime < TimeSpan.Zero)
        {
            return Invalid("lifetime must not be negative");
        }

        if (request.Priority < 0)
        {
            return Invalid("priority must not be negative");
        }

        return null;
    }

    private static TaskResult Invalid(string message) => TaskResult.Error(TaskErrorCodes.InvalidArgument, message);
}
