namespace MicroPvr.Core.Recording;

/// <summary>A snapshot of a recording's health, for logs, /metrics and the state log.</summary>
public sealed record RecordingStatistics
{
    public long BytesWritten { get; init; }
    public long PacketsReceived { get; init; }
    public long ContinuityErrors { get; init; }
    public long TransportErrors { get; init; }
    public long Keyframes { get; init; }
    public double BitrateBitsPerSecond { get; init; }
    public DateTimeOffset? LastPacketUtc { get; init; }
    /// <summary>Bytes received from the source (before any writer).</summary>
    public long BytesReceived { get; init; }
    /// <summary>Times the demuxer lost the 0x47 sync byte and had to search again.</summary>
    public long SyncLosses { get; init; }
    /// <summary>PAT/PMT sections rejected (bad CRC, malformed).</summary>
    public long PsiErrors { get; init; }
    /// <summary>Times the source went silent for source-silence-timeout (each one is a gap in the record).</summary>
    public long SilenceGaps { get; init; }
    /// <summary>Times the source reconnected or restarted (HTTP/HLS reconnects, file loops).</summary>
    public long SourceRestarts { get; init; }
    /// <summary>True while the source is silent (no data for source-silence-timeout).</summary>
    public bool Silent { get; init; }
}
