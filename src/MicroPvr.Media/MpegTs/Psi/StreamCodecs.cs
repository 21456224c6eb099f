namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>
/// Maps stream_type (ISO/IEC 13818-1 Table 2-34) and PMT descriptors (ETSI EN 300 468 §6.2 for
/// DVB AC-3/E-AC-3/DTS/AAC/teletext/subtitles, ATSC A/52 registration "AC-3") to a codec, and
/// codecs to kinds and display names.
/// </summary>
public static class StreamCodecs
{
    public static StreamCodec FromStreamType(int streamType, ReadOnlySpan<byte> descriptors)
    {
        switch (streamType)
        {
            case 0x01: return StreamCodec.Mpeg1Video;
            case 0x02: return StreamCodec.Mpeg2Video;
            case 0x03: return StreamCodec.Mpeg1Audio;
            case 0x04: return StreamCodec.Mpeg2Audio;
            case 0x0F: return StreamCodec.AacAdts;
            case 0x10: return StreamCodec.Mpeg4Visual;
            case 0x11: return StreamCodec.AacLatm;
            case 0x15: return StreamCodec.Id3;
            case 0x1B: return StreamCodec.H264;
            case 0x24: return StreamCodec.H265;
            case 0x81: return StreamCodec.Ac3;      // ATSC A/52
            case 0x87: return StreamCodec.EAc3;     // ATSC A/52 Annex G
            case 0x86: return StreamCodec.Scte35;
            case 0xD2: return StreamCodec.Avs2;
            case 0xEA: return StreamCodec.Vc1;
            case 0x06: return FromDescriptors(descriptors);
            default: return StreamCodec.Unknown;
        }
    }

    /// <summary>PES private data (stream_type 0x06): the descriptor loop tells what it is (DVB).</summary>
    private static StreamCodec FromDescriptors(ReadOnlySpan<byte> d)
    {
        while (d.Length >= 2)
        {
            int tag = d[0];
            int len = d[1];
            if (2 + len > d.Length)
            {
                break;
            }

            var body = d.Slice(2, len);
            switch (tag)
            {
                case 0x6A: return StreamCodec.Ac3;
                case 0x7A: return StreamCodec.EAc3;
                case 0x7B: return StreamCodec.Dts;
                case 0x7C: return StreamCodec.AacAdts;
                case 0x56: return StreamCodec.Teletext;
                case 0x59: return StreamCodec.DvbSubtitle;
                case 0x05 when len >= 4:
                    // registration_descriptor (§2.6.8): format_identifier.
                    if (body[..4].SequenceEqual("AC-3"u8))
                    {
                        return StreamCodec.Ac3;
                    }

                    if (body[..4].SequenceEqual("EAC3"u8))
                    {
                        return StreamCodec.EAc3;
                    }

                    if (body[..4].SequenceEqual("HEVC"u8))
                    {
                        return StreamCodec.H265;
                    }

                    break;
            }

            d = d[(2 + len)..];
        }

        return StreamCodec.PrivateData;
    }

    /// <summary>The ISO 639 language of an ISO_639_language_descriptor (tag 0x0A, §2.6.18), if present.</summary>
    public static string? LanguageOf(ReadOnlySpan<byte> d)
    {
        while (d.Length >= 2)
        {
            int tag = d[0];
            int len = d[1];
            if (2 + len > d.Length)
            {
                break;
            }

            if (tag == 0x0A && len >= 3 && IsLetter(d[2]) && IsLetter(d[3]) && IsLetter(d[4]))
            {
                return System.Text.Encoding.ASCII.GetString(d.Slice(2, 3));
            }

            d = d[(2 + len)..];
        }

        return null;
    }

    private static bool IsLetter(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z');

    public static StreamKind KindOf(StreamCodec codec) => codec switch
    {
        StreamCodec.Mpeg1Video or StreamCodec.Mpeg2Video or StreamCodec.H264 or StreamCodec.H265
            or StreamCodec.Mpeg4Visual or StreamCodec.Vc1 or StreamCodec.Avs2 => StreamKind.Video,
        StreamCodec.Mpeg1Audio or StreamCodec.Mpeg2Audio or StreamCodec.AacAdts or StreamCodec.AacLatm
            or StreamCodec.Ac3 or StreamCodec.EAc3 or StreamCodec.Dts => StreamKind.Audio,
        StreamCodec.Teletext or StreamCodec.DvbSubtitle => StreamKind.Subtitle,
        StreamCodec.Scte35 or StreamCodec.Id3 or StreamCodec.PrivateData => StreamKind.Data,
        _ => StreamKind.Other,
    };

    /// <summary>The name `micropvr probe` prints.</summary>
    public static string DisplayName(StreamCodec codec, int streamType) => codec switch
    {
        StreamCodec.Mpeg1Video => "MPEG-1 Video",
        StreamCodec.Mpeg2Video => "MPEG-2 Video",
        StreamCodec.H264 => "H.264",
        StreamCodec.H265 => "H.265",
        StreamCodec.Mpeg4Visual => "MPEG-4 Visual",
        StreamCodec.Vc1 => "VC-1",
        StreamCodec.Avs2 => "AVS2",
        StreamCodec.Mpeg1Audio or StreamCodec.Mpeg2Audio => "MPEG-1/2 Audio",
        StreamCodec.AacAdts => "AAC (ADTS)",
        StreamCodec.AacLatm => "AAC (LATM)",
        StreamCodec.Ac3 => "AC-3",
        StreamCodec.EAc3 => "E-AC-3",
        StreamCodec.Dts => "DTS",
        StreamCodec.Teletext => "DVB Teletext",
        StreamCodec.DvbSubtitle => "DVB Subtitles",
        StreamCodec.Scte35 => "SCTE-35",
        StreamCodec.Id3 => "ID3 metadata",
        StreamCodec.PrivateData => "Private data",
        _ => $"Unknown (stream_type 0x{streamType:X2})",
    };
}
