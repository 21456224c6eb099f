namespace MicroPvr.Core.Recording;

/// <summary>
/// Maps the stream's PCR timeline to UTC (docs/recording-format.md, "Times"). Every PCR is
/// stamped with its receive time; because a packet can arrive late (network bursts, buffering)
/// but never before it was sent, the mapping follows the EARLIEST arrival relative to the PCR:
/// an earlier arrival lowers the offset at once, a later one raises it only slowly (enough to
/// follow a sender clock that drifts). A PCR jump or source restart starts a new run anchored at
/// the receive time. Without PCR the receive time is used as is.
/// </summary>
internal sealed class StreamClock
{
    // How fast the offset may rise when every arrival is late: 2 ms per second (2000 ppm),
    // far more than any real clock drift, far less than a burst.
    private const double RisePerSecond = 0.002;

    private long _runPcrBase = -1;  // unwrapped 27 MHz PCR at the start of the run
    private long _lastPcr = -1;     // unwrapped
    private long _rawLastPcr = -1;
    private double _offsetMs;       // UTC ms of PCR == _runPcrBase
    private double _lastSampleMs;

    /// <summary>Starts a new run at the next PCR (source restart, PCR jump).</summary>
    public void Restart()
    {
        _runPcrBase = -1;
        _lastPcr = -1;
        _rawLastPcr = -1;
    }

    /// <summary>A PCR arrived at <paramref name="receivedUtcMs"/>. Returns false when it starts a new run.</summary>
    public bool OnPcr(long pcr27M, double receivedUtcMs, bool jump)
    {
        if (_runPcrBase < 0 || jump)
        {
            _runPcrBase = pcr27M;
            _lastPcr = pcr27M;
            _rawLastPcr = pcr27M;
            _offsetMs = receivedUtcMs;
            _lastSampleMs = receivedUtcMs;
            return false;
        }

        var delta = Media.Time.MpegClock.DeltaPcr(_rawLastPcr, pcr27M);
        _rawLastPcr = pcr27M;
        _lastPcr += delta;
        var elapsedMs = (_lastPcr - _runPcrBase) / 27_000.0;
        var candidate = receivedUtcMs - elapsedMs;
        if (candidate < _offsetMs)
        {
            _offsetMs = candidate;
        }
        else
        {
            var sinceLast = Math.Max(0, receivedUtcMs - _lastSampleMs);
            _offsetMs = Math.Min(candidate, _offsetMs + (sinceLast * RisePerSecond));
        }

        _lastSampleMs = receivedUtcMs;
        return true;
    }

    /// <summary>UTC (ms) of the stream position of the latest PCR; the receive time when there is none yet.</summary>
    public long CurrentUtcMs(double receivedUtcMs) =>
        _runPcrBase < 0 ? (long)receivedUtcMs : (long)Math.Round(_offsetMs + ((_lastPcr - _runPcrBase) / 27_000.0));
}
