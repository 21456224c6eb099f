using MicroPvr.Media.MpegTs.Psi;

namespace MicroPvr.Media.MpegTs;

/// <summary>
/// What a <see cref="TsDemuxer"/> reports, in stream order, synchronously from
/// <see cref="TsDemuxer.Push"/>. Stream faults arrive here as data, never as exceptions.
/// Every member has an empty default: implement only what you need. Spans are valid only
/// during the call. Byte offsets count every byte pushed into the demuxer (garbage included).
/// </summary>
public interface ITsDemuxHandler
{
    /// <summary>Every delivered 188-byte packet, before it is analysed (only with <see cref="TsDemuxerOptions.DeliverPackets"/>).</summary>
    void OnPacket(ReadOnlySpan<byte> packet, long byteOffset, long packetIndex)
    {
    }

    /// <summary>Packet sync found (188, 192 or 204-byte framing) after <paramref name="skippedBytes"/> of garbage.</summary>
    void OnSyncAcquired(long byteOffset, int packetSize, long skippedBytes)
    {
    }

    /// <summary>Sync was lost: no sync byte where the next packet should begin.</summary>
    void OnSyncLost(long byteOffset)
    {
    }

    /// <summary>A new or changed PAT (all sections of one version).</summary>
    void OnPat(ProgramAssociation pat)
    {
    }

    /// <summary>
    /// A new or changed PMT. <paramref name="previous"/> is the programme's earlier PMT (null the
    /// first time): a version change. <see cref="ProgramMap.HasSameStreams"/> tells whether codecs or PIDs changed.
    /// </summary>
    void OnPmt(ProgramMap pmt, ProgramMap? previous)
    {
    }

    /// <summary>A keyframe (or audio access point of a radio programme); see <see cref="RandomAccessPoint.PesByteOffset"/>.</summary>
    void OnRandomAccessPoint(in RandomAccessPoint point)
    {
    }

    /// <summary>A PCR on any PID.</summary>
    void OnPcr(in PcrSample pcr)
    {
    }

    /// <summary>A continuity_counter gap (ISO/IEC 13818-1 §2.4.3.3): packets were lost on this PID.</summary>
    void OnContinuityError(int pid, int expected, int actual, long byteOffset)
    {
    }

    /// <summary>A packet with transport_error_indicator set; its content was ignored.</summary>
    void OnTransportError(int pid, long byteOffset)
    {
    }

    /// <summary>A PSI section failed its CRC-32 or its framing was broken; it was ignored.</summary>
    void OnPsiError(int pid, long byteOffset)
    {
    }
}
