namespace MicroPvr.Media.Time;

/// <summary>
/// Unwraps 27 MHz PCR values (base * 300 + extension, ISO/IEC 13818-1 §2.4.3.5) that wrap at
/// 2^33 * 300 into a 64-bit timeline, nearest-point like <see cref="TimestampUnwrapper"/>.
/// </summary>
public struct PcrUnwrapper
{
    private long _last;
    private bool _started;

    public readonly bool HasValue => _started;

    public readonly long Last => _last;

    public long Unwrap(long pcr27M)
    {
        if (!_started)
        {
            _started = true;
            _last = pcr27M;
            return pcr27M;
        }

        _last += MpegClock.DeltaPcr(_last, pcr27M);
        return _last;
    }

    public void Reset()
    {
        _started = false;
        _last = 0;
    }
}
