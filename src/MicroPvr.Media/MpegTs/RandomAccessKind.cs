namespace MicroPvr.Media.MpegTs;

/// <summary>Why a PES was judged a random-access point (docs/media.md).</summary>
public enum RandomAccessKind
{
    None = 0,
    /// <summary>H.264 IDR picture, nal_unit_type 5 (ITU-T H.264 §7.4.1.2.4).</summary>
    H264Idr = 1,
    /// <summary>H.264 SPS plus recovery point SEI, payloadType 6 (ITU-T H.264 §D.2.8), before a non-IDR slice.</summary>
    H264RecoveryPoint = 2,
    /// <summary>H.264 SPS plus an I (or SI) slice without IDR or recovery point: an open-GOP entry.</summary>
    H264IntraSlice = 3,
    /// <summary>H.265 IRAP picture, nal_unit_type 16..23 (BLA, IDR, CRA; ITU-T H.265 §7.4.2.2).</summary>
    H265Irap = 4,
    /// <summary>MPEG-2/MPEG-1 video I-picture preceded by a sequence header in the same PES (ISO/IEC 13818-2 §6.2.2).</summary>
    Mpeg2SequenceHeader = 5,
    /// <summary>MPEG-2/MPEG-1 video I-picture without a sequence header in the same PES.</summary>
    Mpeg2IntraPicture = 6,
    /// <summary>Only the adaptation field random_access_indicator says so (codec not parsed; ISO/IEC 13818-1 §2.4.3.5).</summary>
    RandomAccessIndicator = 7,
    /// <summary>Audio PES start in a programme without video: every audio frame is decodable on its own.</summary>
    AudioFrame = 8,
}
