namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>
/// Notices host clock changes: between two looks, wall time (UTC) and monotonic time
/// (<see cref="TimeProvider.GetTimestamp"/>) should advance alike; a difference above the
/// threshold is a jump of the wall clock (NTP step, manual date change).
/// </summary>
public sealed class ClockJumpDetector
{
    /// <summary>Differences below this are scheduling noise, not jumps.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private DateTimeOffset _lastWall;
    private long _lastTimestamp;

    public ClockJumpDetector(TimeProvider time)
    {
        _time = time;
        _lastWall = time.GetUtcNow();
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Returns how far wall time jumped since the last call (zero when it did not).</summary>
    public TimeSpan Check()
    {
        var wall = _time.GetUtcNow();
        var timestamp = _time.GetTimestamp();
        var jump = (wall - _lastWall) - _time.GetElapsedTime(_lastTimestamp, timestamp);
        _lastWall = wall;
        _lastTimestamp = timestamp;
        return jump.Duration() >= Threshold ? jump : TimeSpan.Zero;
    }
}
