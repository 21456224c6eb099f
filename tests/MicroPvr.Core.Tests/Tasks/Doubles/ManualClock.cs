namespace MicroPvr.Core.Tests.Tasks.Doubles;

/// <summary>
/// A clock the test moves by hand. Wall time and monotonic time advance together, except on
/// <see cref="Jump"/> which moves wall time only (a host clock change, either direction).
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private long _monotonicTicks;

    public override DateTimeOffset GetUtcNow() => _now;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => _monotonicTicks;

    public void Advance(TimeSpan by)
    {
        _now += by;
        _monotonicTicks += by.Ticks;
    }

    public void Jump(TimeSpan by) => _now += by;
}
