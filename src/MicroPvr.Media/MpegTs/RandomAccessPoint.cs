namespace MicroPvr.Media.MpegTs;

/// <summary>
/// A random-access point (keyframe) found by the demuxer.
/// </summary>
/// <param name="Pid">PID of the elementary stream.</param>
/// <param name="ProgramNumber">Programme the stream belongs to.</param>
/// <param name="Kind">What made it a random-access point.</param>
/// <param name="Pts90k">PTS of the PES (33-bit, 90 kHz, raw as in the stream), or -1 when absent.</param>
/// <param name="Dts90k">DTS of the PES, or the PTS when no DTS is coded, or -1.</param>
/// <param name="PesByteOffset">Input-stream offset of the sync byte of the FIRST TS packet of this PES: cut a file here.</param>
/// <param name="PesPacketIndex">Index (in delivered packets) of that first packet; times 188 gives its offset in a normalised 188-byte output.</param>
/// <param name="RandomAccessIndicator">The first packet's adaptation field had random_access_indicator set.</param>
public readonly record struct RandomAccessPoint(
    int Pid,
    int ProgramNumber,
    RandomAccessKind Kind,
    long Pts90k,
    long Dts90k,
    long PesByteOffset,
    long PesPacketIndex,
    bool RandomAccessIndicator);
