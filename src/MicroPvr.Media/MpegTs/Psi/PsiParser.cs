namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>Decodes PAT and PMT section bodies. Called only when a section changed, so it may allocate.</summary>
public static class PsiParser
{
    public const int PatTableId = 0x00;
    public const int PmtTableId = 0x02;

    /// <summary>The (program_number, PID) loop of one PAT section (§2.4.4.3, Table 2-30).</summary>
    public static List<PatProgram> ReadPatPrograms(ReadOnlySpan<byte> section)
    {
        var list = new List<PatProgram>();
        var body = section[8..^4];
        for (var i = 0; i + 4 <= body.Length; i += 4)
        {
            list.Add(new PatProgram((body[i] << 8) | body[i + 1], ((body[i + 2] & 0x1F) << 8) | body[i + 3]));
        }

        return list;
    }

    /// <summary>Decodes a PMT section (§2.4.4.8, Table 2-33); null when its loops overrun the section.</summary>
    public static ProgramMap? ReadPmt(ReadOnlySpan<byte> section, int pmtPid)
    {
        if (!PsiSectionHeader.TryRead(section, out var h) || h.TableId != PmtTableId || section.Length < 16)
        {
            return null;
        }

        var pcrPid = ((section[8] & 0x1F) << 8) | section[9];
        var programInfoLength = ((section[10] & 0x0F) << 8) | section[11];
        var loop = section[..^4];
        var pos = 12 + programInfoLength;
        if (pos > loop.Length)
        {
            return null;
        }

        var streams = new List<ElementaryStreamInfo>();
        while (pos + 5 <= loop.Length)
        {
            int streamType = loop[pos];
            var pid = ((loop[pos + 1] & 0x1F) << 8) | loop[pos + 2];
            var esInfoLength = ((loop[pos + 3] & 0x0F) << 8) | loop[pos + 4];
            pos += 5;
            if (pos + esInfoLength > loop.Length)
            {
                return null;
            }

            var descriptors = loop.Slice(pos, esInfoLength);
            streams.Add(new ElementaryStreamInfo(pid, streamType, StreamCodecs.FromStreamType(streamType, descriptors), StreamCodecs.LanguageOf(descriptors)));
            pos += esInfoLength;
        }

        return new ProgramMap(h.TableIdExtension, pmtPid, h.Version, pcrPid, streams, section.ToArray());
    }
}
