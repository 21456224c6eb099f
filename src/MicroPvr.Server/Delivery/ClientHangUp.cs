namespace MicroPvr.Server.Delivery;

/// <summary>
/// When the client of one streamed response went away: Kestrel cancels RequestAborted as soon as
/// its receive loop sees the connection end (a FIN or, for a client that closes with data unread,
/// an RST), and the stream then stops at its next read, write or live-edge wait. This remembers
/// that moment so the end-of-stream log (7112, 7202) says how long the stream went on after it
/// (docs/delivery.md "When the client hangs up").
/// </summary>
internal sealed class ClientHangUp : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationToken _requestAborted;
    private readonly CancellationTokenRegistration _registration;
    private long _leftAt = long.MinValue;

    public ClientHangUp(TimeProvider time, CancellationToken requestAborted)
    {
        _time = time;
        _requestAborted = requestAborted;
        _registration = requestAborted.UnsafeRegister(static s => ((ClientHangUp)s!).OnLeft(), this);
    }

    /// <summary>Milliseconds from the hang-up until now, or -1 while the client is still there.</summary>
    public long MillisecondsSinceLeft()
    {
        if (_requestAborted.IsCancellationRequested)
        {
            // Callbacks run newest first: a live-edge wait registered after ours may have ended
            // the stream (inline) before our callback ran. The hang-up is now, then.
            OnLeft();
        }

        var at = Interlocked.Read(ref _leftAt);
        return at == long.MinValue ? -1 : (long)_time.GetElapsedTime(at).TotalMilliseconds;
    }

    /// <summary>The client is known to be gone now (a send to it failed), if it was not known before.</summary>
    public void MarkLeft() => OnLeft();

    private void OnLeft() => Interlocked.CompareExchange(ref _leftAt, _time.GetTimestamp(), long.MinValue);

    public void Dispose() => _registration.Dispose();
}
