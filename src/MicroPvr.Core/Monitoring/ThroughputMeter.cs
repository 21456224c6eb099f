namespace MicroPvr.Core.Monitoring;

/// <summary>
/// Bytes per second over a short sliding window, in one-second buckets: the "outgoing network
/// Mbit/s" of the load score (compat spec §5) is measured from what we actually sent.
/// Lock-free adds (one Interlocked per call), so streaming loops never contend on a lock.
/// </summary>
public sealed class ThroughputMeter
{
    private readonly TimeProvider _time;
    private readonly long[] _bytes;
    private readonly long[] _second;
    private long _total;

    public ThroughputMeter(TimeProvider time, int windowSeconds = 10)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 1);
        _time = time;
        // One extra bucket: the current, still-filling second is not part of the average.
        _bytes = new long[windowSeconds + 1];
        _second = new long[windowSeconds + 1];
    }

    public int WindowSeconds => _bytes.Length - 1;

    /// <summary>All bytes ever added.</summary>
    public long TotalBytes => Interlocked.Read(ref _total);

    public void Add(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        Interlocked.Add(ref _total, bytes);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var slot = (int)(now % _bytes.Length);
        var owner = Volatile.Read(ref _second[slot]);
        if (owner != now && Interlocked.CompareExchange(ref _second[slot], now, owner) == owner)
        {
            // This thread claimed a stale bucket for the new second: restart its count.
            Interlocked.Exchange(ref _bytes[slot], 0);
        }

        Interlocked.Add(ref _bytes[slot], bytes);
    }

    /// <summary>Average over the last complete WindowSeconds seconds.</summary>
    public double BitsPerSecond()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        long sum = 0;
        for (var s = now - WindowSeconds; s < now; s++)
        {
            var slot = (int)(s % _bytes.Length);
            if (Volatile.Read(ref _second[slot]) == s)
            {
                sum += Interlocked.Read(ref _bytes[slot]);
            }
        }

        return sum * 8.0 / WindowSeconds;
    }
}
