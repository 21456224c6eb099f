namespace MicroPvr.Media.MpegTs;

/// <summary>
/// Live counters of one PID, updated in place by the demuxer (read them from the same thread,
/// or accept slightly torn values from another). Times are receive timestamps as passed to
/// <see cref="TsDemuxer.Push"/>.
/// </summary>
public sealed class StreamStatistics
{
    internal StreamStatistics(int pid) => Pid = pid;

    public int Pid { get; }

    public long Packets { get; internal set; }

    public long ContinuityErrors { get; internal set; }

    public long TransportErrors { get; internal set; }

    /// <summary>Repeated packets (same CC, legal once: §2.4.3.3); their payload is skipped.</summary>
    public long DuplicatePackets { get; internal set; }

    /// <summary>Packets with an impossible adaptation_field_length, ignored.</summary>
    public long MalformedPackets { get; internal set; }

    public long ScrambledPackets { get; internal set; }

    public long PesPackets { get; internal set; }

    public long RandomAccessPoints { get; internal set; }

    public long PcrCount { get; internal set; }

    /// <summary>PCR jumps: backwards, too far forwards, or signalled by discontinuity_indicator.</summary>
    public long PcrDiscontinuities { get; internal set; }

    /// <summary>Largest interval between two consecutive PCRs (no jump between), in 27 MHz ticks.</summary>
    public long MaxPcrInterval27M { get; internal set; }

    /// <summary>Largest |receive interval − PCR interval| seen between consecutive PCRs, in seconds (0 without receive timestamps).</summary>
    public double MaxPcrJitterSeconds { get; internal set; }

    /// <summary>Smoothed |receive interval − PCR interval| (EWMA, 1/16), in seconds.</summary>
    public double PcrJitterSeconds { get; internal set; }

    /// <summary>Bitrate over the last complete window of about one second of the PCR clock, bits per second.</summary>
    public long BitrateBps { get; internal set; }

    /// <summary>Receive timestamp of the last packet of this PID.</summary>
    public long LastPacketTimestamp { get; internal set; }

    public long Bytes => Packets * TsPacket.Size;
}
