namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>The long-form section header shared by PAT and PMT (ISO/IEC 13818-1 §2.4.4.3, §2.4.4.8).</summary>
internal readonly record struct PsiSectionHeader(int TableId, int TableIdExtension, int Version, bool CurrentNext, int SectionNumber, int LastSectionNumber)
{
    /// <summary>Reads the 8-byte header of a CRC-checked section with section_syntax_indicator set.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, out PsiSectionHeader header)
    {
        if (s.Length < 12 || (s[1] & 0x80) == 0)
        {
            header = default;
            return false;
        }

        header = new PsiSectionHeader(
            s[0],
            (s[3] << 8) | s[4],
            (s[5] >> 1) & 0x1F,
            (s[5] & 0x01) != 0,
            s[6],
            s[7]);
        return true;
    }
}
