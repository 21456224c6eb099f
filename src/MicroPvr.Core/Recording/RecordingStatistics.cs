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
}
