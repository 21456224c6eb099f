namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>The codec of an elementary stream, from stream_type and descriptors (ISO/IEC 13818-1 Table 2-34, ETSI EN 300 468 Annex D).</summary>
public enum StreamCodec
{
    Unknown = 0,
    Mpeg1Video,
    Mpeg2Video,
    H264,
    H265,
    Mpeg4Visual,
    Vc1,
    Avs2,
    Mpeg1Audio,
    Mpeg2Audio,
    AacAdts,
    AacLatm,
    Ac3,
    EAc3,
    Dts,
    Teletext,
    DvbSubtitle,
    Scte35,
    Id3,
    PrivateData,
}
