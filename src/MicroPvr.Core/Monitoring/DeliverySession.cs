namespace MicroPvr.Core.Monitoring;

/// <summary>
/// One response that sends content (an MPEG-TS stream, a record file, a segment), opened by
/// <see cref="RequestStatistics.BeginContentRequest"/> or <see cref="RequestStatistics.BeginTransfer"/>.
/// While it is open it counts as a current session of the load score (compat spec §5); every
/// <see cref="AddBytes"/> feeds the outgoing Mbit/s, the bytes-served counters and, when the
/// channel is known, that channel's counter. Dispose it when the response ends (exactly once is
/// counted). Thread-safe and allocation-free per call.
/// </summary>
public sealed class DeliverySession : IDisposable
{
    private readonly RequestStatistics _owner;
    private readonly ChannelTraffic? _channel;
    private long _bytes;
    private int _ended;

    internal DeliverySession(RequestStatistics owner, int? channelId, ChannelTraffic? channel)
    {
        _owner = owner;
        ChannelId = channelId;
        _channel = channel;
    }

    /// <summary>The channel the bytes are counted for, or null when the response has none.</summary>
    public int? ChannelId { get; }

    /// <summary>Bytes this response sent so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytes);

    /// <summary>Counts bytes written to the client (call it after each write).</summary>
    public void AddBytes(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        Interlocked.Add(ref _bytes, bytes);
        _channel?.Add(bytes);
        _owner.AddBytesSent(bytes);
    }

    /// <summary>
    /// A write-only stream that passes everything to <paramref name="output"/> and counts it: for
    /// code that writes the body itself (framework results, copy loops). Disposing it leaves
    /// <paramref name="output"/> open.
    /// </summary>
    public Stream Wrap(Stream output) => new AccountedStream(output, this);

    /// <summary>Ends the session (the response is over).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _owner.EndSession();
        }
    }
}
