namespace MicroPvr.Core.Ingest;

/// <summary>Tunables of the ingest sources (docs/sources.md).</summary>
public sealed class IngestOptions
{
    /// <summary>No data for this long is a gap; HTTP/HLS sources reconnect after it.</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Requested SO_RCVBUF for UDP/RTP sockets. Multicast loss is usually a too small buffer (compat spec §9).</summary>
    public int ReceiveBufferBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>First delay before a reconnection; doubled after each failure.</summary>
    public TimeSpan ReconnectDelayMin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of the reconnection delay.</summary>
    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>RTP packets held to put reordered packets back in sequence (RFC 3550 §A.1 ordering by sequence number).</summary>
    public int RtpReorderWindow { get; init; } = 16;

    /// <summary>
    /// A streaming UDP/RTP source takes the datagrams queued in its socket once per this interval
    /// (one shared tick for all sources) instead of waking up for each datagram; zero wakes up per
    /// datagram. The socket buffer must hold one interval of the stream (8 Mbit/s: 10 KB per 10 ms).
    /// </summary>
    public TimeSpan ReceiveBatchInterval { get; init; } = TimeSpan.FromMilliseconds(10);
}
