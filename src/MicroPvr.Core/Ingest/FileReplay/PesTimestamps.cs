using MicroPvr.Media.MpegTs;

namespace MicroPvr.Core.Ingest.FileReplay;

/// <summary>Finds the PTS/DTS fields of a PES header starting in a TS packet (ISO/IEC 13818-1 §2.4.3.7), to read or rewrite them in place.</summary>
internal static class PesTimestamps
{
    /// <summary>Offsets (in the packet) of the PTS and DTS fields, -1 when absent. False when the packet starts no PES with timestamps.</summary>
    public static bool TryLocate(ReadOnlySpan<byte> packet, out int ptsOffset, out int dtsOffset)
    {
        ptsOffset = -1;
        dtsOffset = -1;
        if (!TsPacket.PayloadUnitStart(packet))
        {
            return false;
        }

        var p = TsPacket.PayloadOffset(packet);
        if (p < 0 || p + PesHeader.FixedLength + 5 > TsPacket.Size)
        {
            return false;
        }

        var pes = packet[p..TsPacket.Size];
        if (!PesHeader.HasStartCode(pes) || !PesHeader.HasOptionalHeader(pes[3]) || (pes[6] & 0xC0) != 0x80)
        {
            return false;
        }

        var flags = pes[7] >> 6;
        if (flags < 2)
        {
            return false;
        }

        ptsOffset = p + 9;
        if (flags == 3 && p + 19 <= TsPacket.Size)
        {
            dtsOffset = p + 14;
        }

        return true;
    }

    public static bool TryRead(ReadOnlySpan<byte> packet, out long pts90k, out long dts90k)
    {
        pts90k = -1;
        dts90k = -1;
        if (!TryLocate(packet, out var ptsAt, out var dtsAt))
        {
            return false;
        }

        pts90k = PesHeader.ReadTimestamp(packet.Slice(ptsAt, 5));
        dts90k = dtsAt < 0 ? pts90k : PesHeader.ReadTimestamp(packet.Slice(dtsAt, 5));
        return true;
    }
}
