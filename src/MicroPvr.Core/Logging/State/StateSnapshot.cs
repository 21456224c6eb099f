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
    public IReadOnlyList<MountPointInfo>? MountPoints { get; init; }
}
