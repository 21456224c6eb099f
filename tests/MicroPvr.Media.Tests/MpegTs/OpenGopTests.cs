using MicroPvr.Media.MpegTs;
using MicroPvr.TestKit;

namespace MicroPvr.Media.Tests.MpegTs;

/// <summary>A real open-GOP H.264 stream: non-IDR I-frames with recovery point SEI, as broadcasters send.</summary>
public sealed class OpenGopTests
{
    [Fact]
    public async Task Open_gop_keyframes_are_found_where_ffprobe_finds_them()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("open_gop.ts");
        (await Ffmpeg.RunAsync(
        [
            "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=6",
            "-c:v", "libx264", "-preset", "veryfast", "-threads", "1",
            "-x264-params", "keyint=25:min-keyint=25:scenecut=0:open-gop=1:bframes=2", "-b:v", "150k",
            "-f", "mpegts", file,
        ])).EnsureSuccess("ffmpeg open-GOP encode");

        var expected = await Ffmpeg.ProbeVideoKeyframesAsync(file);
        var (h, _) = Demux.RunFile(file, 1316);
        var found = h.RandomAccessPoints.Where(p => p.Pid == 0x100).ToList();
        Assert.True(expected.Count >= 4);
        Assert.Equal(expected, found.Select(p => (p.Pts90k, p.PesByteOffset)));
        Assert.Equal(RandomAccessKind.H264Idr, found[0].Kind);
        Assert.All(found.Skip(1), p => Assert.Equal(RandomAccessKind.H264RecoveryPoint, p.Kind));
    }
}
