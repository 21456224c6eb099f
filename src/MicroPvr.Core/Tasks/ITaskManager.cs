namespace MicroPvr.Core.Tasks;

/// <summary>
/// The task manager the API drives (compat spec §3, §5). Validation errors come back as
/// <see cref="TaskResult"/> with the API error code; nothing here throws for bad input.
/// </summary>
public interface ITaskManager
{
    ValueTask<TaskResult> CreateTaskAsync(TaskRequest request, CancellationToken ct = default);
    /// <summary>Cancels tasks of a channel (all locations when recordLocation is null). Files stay.</summary>
    ValueTask<int> CancelTaskAsync(int channelId, string? recordLocation, CancellationToken ct = default);
    ValueTask<bool> CancelTaskByIdAsync(long taskId, CancellationToken ct = default);
    ValueTask<IReadOnlyList<RecordingTask>> GetTasksAsync(CancellationToken ct = default);
}

/// <summary>A task as the API asks for it (create_new_task, add_task, add_urgent_task).</summary>
public sealed record TaskRequest
{
    public required int ChannelId { get; init; }
    public string? ChannelName { get; init; }
    public required string StreamSource { get; init; }
    /// <summary>Null: now + 5 s (compat spec §5).</summary>
    public DateTimeOffset? Start { get; init; }
    public required TimeSpan Duration { get; init; }
    public required TimeSpan Lifetime { get; init; }
    public TimeSpan? RepeatPeriod { get; init; }
    public required string RecordLocation { get; init; }
    public int Priority { get; init; } = 50;
    public bool Urgent { get; init; }
    /// <summary>Legacy add_task: UTC hour at which later runs begin.</summary>
    public int? GapTimeHour { get; init; }
}

/// <summary>Outcome of a task request: the task, or an API error code (101, 140, 141...) with a message.</summary>
public sealed record TaskResult(RecordingTask? Task, int ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => ErrorCode == 0;
    public static TaskResult Ok(RecordingTask task) => new(task, 0, null);
    public static TaskResult Error(int code, string message) => new(null, code, message);
}
