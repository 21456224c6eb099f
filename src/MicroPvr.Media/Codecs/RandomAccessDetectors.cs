using MicroPvr.Media.MpegTs.Psi;

namespace MicroPvr.Media.Codecs;

/// <summary>Picks the random-access detector of a codec; null when the codec is not parsed.</summary>
public static class RandomAccessDetectors
{
    public static StartCodeDetector? Create(StreamCodec codec) => codec switch
    {
        StreamCodec.H264 => new H264RandomAccessDetector(),
        StreamCodec.H265 => new H265RandomAccessDetector(),
        StreamCodec.Mpeg2Video or StreamCodec.Mpeg1Video => new Mpeg2VideoRandomAccessDetector(),
        _ => null,
    };
}
