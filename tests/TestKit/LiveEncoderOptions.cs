namespace MicroPvr.TestKit;

/// <summary>
/// How a <see cref="LiveSource"/> encodes its test pattern. The defaults are the delivery tests'
/// channel: 320x180 at 25 fps, a closed 2-second GOP, AAC audio, the encoder's own rate.
/// </summary>
public sealed record LiveEncoderOptions
{
    /// <summary>Frames per second of the test pattern.</summary>
    public int FramesPerSecond { get; init; } = 25;

    /// <summary>Frames per GOP (a keyframe every <c>GopFrames / FramesPerSecond</c> seconds).</summary>
    public int GopFrames { get; init; } = 50;

    /// <summary>Picture size, ffmpeg's WxH.</summary>
    public string Size { get; init; } = "320x180";

    /// <summary>An AAC sine tone beside the video.</summary>
    public bool Audio { get; init; } = true;

    /// <summary>
    /// 0: the encoder's own variable rate. Otherwise a constant video rate in kbit/s (x264 CBR with
    /// filler, nal-hrd=cbr), so that "the disk fills within seconds" is predictable.
    /// </summary>
    public int VideoKbitPerSecond { get; init; }

    /// <summary>
    /// 0: no padding. Otherwise a constant transport rate in Mbit/s padded with null packets, as
    /// IPTV head-ends send (e.g. to make records larger than every socket buffer).
    /// </summary>
    public int MuxRateMbitPerSecond { get; init; }

    /// <summary>The GOP as a duration.</summary>
    public TimeSpan Gop => TimeSpan.FromSeconds((double)GopFrames / FramesPerSecond);

    /// <summary>One frame in 90 kHz ticks (ISO/IEC 13818-1 §2.4.2.2 system clock / 300).</summary>
    public long FrameTicks => 90_000 / FramesPerSecond;
}
