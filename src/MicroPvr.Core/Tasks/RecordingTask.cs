namespace MicroPvr.Core.Tasks;

/// <summary>
/// A recording job (compat spec §3). One run of a task produces one continuous MPEG-TS file.
/// Times are UTC; durations are whole seconds as in the API.
/// </summary>
public sealed record RecordingTask
{
    public long Id { get; init; }
    public required int ChannelId { get; init; }
    public string? ChannelName { get; init; }
    public required string StreamSource { get; init; }
    /// <summary>Start of the current (or next) run.</summary>
    public required DateTimeOffset Start { get; init; }
    public required TimeSpan Duration { get; init; }
    /// <summary>How long a file is kept after its recording ended.</summary>
    public required TimeSpan Lifetime { get; init; }
    /// <summary>Null for a one-off task.</summary>
    public TimeSpan? RepeatPeriod { get; init; }
    public required string RecordLocation { get; init; }
    /// <summary>Lower number = higher priority (compat spec §2). Default 50.</summary>
    public int Priority { get; init; } = 50;
    public bool Urgent { get; init; }
    public RecordingTaskStatus Status { get; init; } = RecordingTaskStatus.New;

    /// <summary>Planned end of the current run: a restarted run keeps it (compat spec §3).</summary>
    public DateTimeOffset Stop => Start + Duration;
}
