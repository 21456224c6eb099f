namespace MicroPvr.Core.Tasks;

/// <summary>
/// A recording job (compat spec §3). One run of a task produces one continuous MPEG-TS file.
/// Times are UTC; durations are whole seconds as in the API.
/// </summary>
public sealed record RecordingTask
{
    private readonly DateTimeOffset? _stop;

    public long Id { get; init; }
    public required int ChannelId { get; init; }
    public string? ChannelName { get; init; }
    public required string StreamSource { get; init; }
    /// <summary>
    /// Start of the current (or next) run: when it began recording, or when it will (re)start
    /// (after a postponement this is the retry moment). See docs/tasks.md.
    /// </summary>
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

    /// <summary>
    /// Planned end of the current run: a restarted or postponed run keeps it (compat spec §3).
    /// Defaults to <see cref="Start"/> + <see cref="Duration"/>; the scheduler sets it explicitly
    /// whenever the run's start moved (seamless 80 s lead, postponement, restart, add_task's
    /// gap_time first run). The nominal slot of the run is always <c>Stop - Duration</c>.
    /// </summary>
    public DateTimeOffset Stop
    {
        get => _stop ?? Start + Duration;
        init => _stop = value;
    }

    /// <summary>True for a task that regenerates itself every <see cref="RepeatPeriod"/>.</summary>
    public bool IsPeriodic => RepeatPeriod is not null;
}
