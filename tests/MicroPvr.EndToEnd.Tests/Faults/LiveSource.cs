using System.Globalization;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Faults;

/// <summary>
/// A live channel for fault tests: ffmpeg encodes a test pattern in real time at a constant bit
/// rate (H.264 CBR with filler, one keyframe a second) and sends it to a random loopback
/// multicast group. A constant rate makes "the disk fills within seconds" predictable.
/// </summary>
internal sealed class LiveSource : IDisposable
{
    private readonly FfmpegProcess _ffmpeg;

    private LiveSource(FfmpegProcess ffmpeg, string url)
    {
        _ffmpeg = ffmpeg;
        Url = url;
    }

    /// <summary>The source URL a task records (udp://@group:port joined on the loopback).</summary>
    public string Url { get; }

    /// <summary>What ffmpeg complained about, for failure messages.</summary>
    public string Errors => _ffmpeg.StandardError;

    public static LiveSource Start(int kbitPerSecond)
    {
        var group = $"239.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        var port = Random.Shared.Next(20000, 60000);
        var rate = kbitPerSecond.ToString(CultureInfo.InvariantCulture) + "k";
        var ffmpeg = Ffmpeg.Start([
            "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25",
            "-b:v", rate, "-minrate", rate, "-maxrate", rate, "-bufsize", rate, "-x264-params", "nal-hrd=cbr",
            "-f", "mpegts", $"udp://{group}:{port}?localaddr=127.0.0.1&pkt_size=1316"]);
        return new LiveSource(ffmpeg, $"udp://@{group}:{port}?localaddr=127.0.0.1");
    }

    public void Dispose() => _ffmpeg.Dispose();
}
