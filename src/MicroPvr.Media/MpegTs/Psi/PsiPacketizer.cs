namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>Splits one PSI section into TS packets (ISO/IEC 13818-1 §2.4.4.1): pointer_field 0 in the first, 0xFF stuffing in the last.</summary>
public static class PsiPacketizer
{
    /// <summary>Packets needed for a section of this length.</summary>
    public static int PacketCount(int sectionLength) => (sectionLength + 1 + 183) / 184;

    /// <summary>
    /// Writes the section as packets on <paramref name="pid"/>. Continuity counters are numbered
    /// so that the LAST packet carries <paramref name="lastCc"/> (the CC last seen on that PID in
    /// the live stream), so the stream's next packet on the PID follows without a gap; a negative
    /// <paramref name="lastCc"/> starts at 0. Returns the bytes written, 0 if the destination is too small.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> section, int pid, int lastCc, Span<byte> destination)
    {
        var count = PacketCount(section.Length);
        if (destination.Length < count * TsPacket.Size)
        {
            return 0;
        }

        var cc = lastCc < 0 ? 0 : (lastCc - count + 1) & 0x0F;
        var remaining = section;
        for (var i = 0; i < count; i++)
        {
            var p = destination.Slice(i * TsPacket.Size, TsPacket.Size);
            p[0] = TsPacket.SyncByte;
            p[1] = (byte)((i == 0 ? 0x40 : 0) | ((pid >> 8) & 0x1F));
            p[2] = (byte)pid;
            p[3] = (byte)(0x10 | cc);
            var body = p[4..];
            if (i == 0)
            {
                body[0] = 0; // pointer_field
                body = body[1..];
            }

            var take = Math.Min(body.Length, remaining.Length);
            remaining[..take].CopyTo(body);
            body[take..].Fill(0xFF);
            remaining = remaining[take..];
            cc = (cc + 1) & 0x0F;
        }

        return count * TsPacket.Size;
    }
}
