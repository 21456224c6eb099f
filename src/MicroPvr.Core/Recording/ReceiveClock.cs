namespace MicroPvr.Core.Recording;

/// <summary>
/// Turns receive timestamps (monotonic <see cref="TimeProvider.GetTimestamp"/>) into UTC. The UTC
/// anchor is taken once and followed on the monotonic clock, so a host clock step does not make
/// times go back; when the wall clock and the anchor disagree by more than a second (the host
/// clock was stepped) the anchor moves and the step is reported once.
/// </summary>
internal sealed class ReceiveClock(TimeProvider time)
{
    private const double StepThresholdMs = 1000;

    private long _anchorTimestamp = time.GetTimestamp();
    private double _anchorUtcMs = time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>UTC ms of a receive timestamp; <paramref name="stepMs"/> is non-zero when the host clock was found stepped.</summary>
    public double ToUtcMs(long timestamp, out double stepMs)
    {
        var followed = _anchorUtcMs + (time.GetElapsedTime(_anchorTimestamp, timestamp).TotalMilliseconds);
        var wall = time.GetUtcNow().ToUnixTimeMilliseconds() - time.GetElapsedTime(timestamp).TotalMilliseconds;
        stepMs = wall - followed;
        if (Math.Abs(stepMs) > StepThresholdMs)
        {
            _anchorTimestamp = timestamp;
            _anchorUtcMs = wall;
            return wall;
        }

        stepMs = 0;
        return followed;
    }
}
