using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Logging.State;

/// <summary>
/// Everything one state log block shows (compat spec §7). Parts whose source is not available
/// (no /proc, no task manager registered yet...) are null and printed as "n/a".
/// </summary>
public sealed record StateSnapshot
{
    public required DateTimeOffset Time { get; init; }
    public MemoryInfo? Memory { get; init; }
    public double? LoadAverage1 { get; init; }
    public RequestCounters? Requests { get; init; }
    /// <summary>The request window (monitor-request-lifetime), for the per-second rates.</summary>
    public int RequestWindowSeconds { get; init; } = 60;
    public IReadOnlyList<RecordingTask>? Tasks { get; init; }
    /// <summary>
    /// Previous runs of periodic tasks that still record while their next run exists (the 80 s
    /// hand-over, compat spec §3): shown as extra rows with REPEAT <c>repeated</c>. Each carries the
    /// task id, the run's window and its status.
    /// </summary>
    public IReadOnlyList<RecordingTask> FinishingRuns { get; init; } = [];
    public IReadOnlyList<MountPointInfo>? MountPoints { get; init; }
}
