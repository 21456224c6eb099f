namespace MicroPvr.Media.Time;

/// <summary>
/// Turns 33-bit 90 kHz time stamps (PTS, DTS, PCR base) that wrap every 2^33 ticks into a
/// monotonic-ish 64-bit timeline (ISO/IEC 13818-1 §2.4.3.7). Each value is placed at the point
/// of the circle nearest to the previous one, so B-frame reordering (small steps back) and the
/// wrap (a huge step back) are both handled. A mutable struct: keep it in a field, not a copy.
/// </summary>
public struct TimestampUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>True once a value was seen.</summary>
    public readonly bool HasValue => _started;

    /// <summary>The last unwrapped value.</summary>
    public readonly long Last => _last;

    /// <summary>Unwraps a raw 33-bit value (bits above 33 are ignored).</summary>
    public long Unwrap(long raw33)
    {
        raw33 &= MpegClock.Mask33;
        if (!_started)
        {
            _started = true;
            _last = raw33;
            return raw33;
        }

        _last += MpegClock.Delta33(_last, raw33);
        return _last;
    }

    /// <summary>Forgets the timeline (e.g. after a signalled discontinuity); the next value starts afresh at its raw value.</summary>
    public void Reset()
    {
        _started = false;
        _last = 0;
    }
}
