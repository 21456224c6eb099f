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
}
