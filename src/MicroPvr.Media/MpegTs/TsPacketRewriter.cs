using MicroPvr.Media.Time;

namespace MicroPvr.Media.MpegTs;

/// <summary>
/// In-place edits of a 188-byte packet, for sources that re-time a stream (a looping file that
/// must look like one continuous live timeline): continuity counter, PCR, PES PTS/DTS.
/// </summary>
public static class TsPacketRewriter
{
    /// <summary>Sets continuity_counter (§2.4.3.2).</summary>
    public static void SetContinuityCounter(Span<byte> packet, int cc) => packet[3] = (byte)((packet[3] & 0xF0) | (cc & 0x0F));

    /// <summary>Adds <paramref name="delta27M"/> to the packet's PCR (wrapping at 2^33 * 300). False when it has none.</summary>
    public static bool TryShiftPcr(Span<byte> packet, long delta27M)
    {
        if (!TsPacket.TryGetPcr(packet, out var pcr))
        {
            return false;
        }

        TsPacket.WritePcr(packet.Slice(6, 6), MpegClock.AddPcr(pcr, delta27M));
        return true;
    }

    /// <summary>
    /// Adds <paramref name="delta90k"/> to the PTS and DTS of a PES header that starts in this
    /// packet and lies wholly inside it (§2.4.3.7). False when the packet has no such time stamps.
    /// </summary>
    public static bool TryShiftPesTimestamps(Span<byte> packet, long delta90k)
    {
        if (!TsPacket.PayloadUnitStart(packet))
        {
            return false;
        }

        var offset = TsPacket.PayloadOffset(packet);
        if (offset < 0 || offset + PesHeader.FixedLength > TsPacket.Size)
        {
            return false;
        }

        var pes = packet[offset..TsPacket.Size];
        if (!PesHeader.HasStartCode(pes) || !PesHeader.HasOptionalHeader(pes[3]) || (pes[6] & 0xC0) != 0x80)
        {
            return false;
        }

        var flags = pes[7] >> 6;
        if (flags < 2 || pes.Length < 14)
        {
            return false;
        }

        var pts = pes.Slice(9, 5);
        PesHeader.WriteTimestamp(pts, MpegClock.Add33(PesHeader.ReadTimestamp(pts), delta90k));
        if (flags == 3 && pes.Length >= 19)
        {
            var dts = pes.Slice(14, 5);
            PesHeader.WriteTimestamp(dts, MpegClock.Add33(PesHeader.ReadTimestamp(dts), delta90k));
        }

        return true;
    }
}
