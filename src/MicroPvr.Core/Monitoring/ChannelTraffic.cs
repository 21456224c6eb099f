namespace MicroPvr.Core.Monitoring;

/// <summary>Bytes served for one channel since start (a Prometheus counter); updated lock-free.</summary>
public sealed class ChannelTraffic
{
    private long _bytes;
    private long _sessions;

    internal ChannelTraffic(int channelId) => ChannelId = channelId;

    public int ChannelId { get; }

    public long BytesSent => Interlocked.Read(ref _bytes);

    /// <summary>Delivery sessions opened for the channel since start.</summary>
    public long Sessions => Interlocked.Read(ref _sessions);

    internal void Add(long bytes) => Interlocked.Add(ref _bytes, bytes);

    internal void AddSession() => Interlocked.Increment(ref _sessions);
}
