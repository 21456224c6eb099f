using System.Diagnostics;

namespace MicroPvr.Media.MpegTs;

/// <summary>Tunables of a <see cref="TsDemuxer"/>.</summary>
public sealed class TsDemuxerOptions
{
    /// <summary>
    /// Units per second of the receive timestamps passed to <see cref="TsDemuxer.Push"/>
    /// (TimeProvider.TimestampFrequency); used for PCR jitter and bitrate windows.
    /// </summary>
    public long TimestampFrequency { get; init; } = Stopwatch.Frequency;

    /// <summary>
    /// A forward PCR step larger than this counts as a jump. ISO/IEC 13818-1 §2.7.2 requires a PCR
    /// at least every 100 ms, so one second means the timeline broke (or the source paused).
    /// </summary>
    public TimeSpan PcrJumpThreshold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Also call <see cref="ITsDemuxHandler.OnPacket"/> for every packet (off by default: it costs a call per packet).</summary>
    public bool DeliverPackets { get; init; }
}
