using System.Globalization;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// A live channel on a random loopback multicast group: ffmpeg encodes a test pattern (H.264,
/// GOP 2 s closed, 25 fps, + AAC) in real time. A real encoder rather than a looped fixture keeps
/// the timestamps and the H.264 frame numbering continuous, so any decode error or PTS jump a test
/// sees comes from the archive, not from the source's loop point. <see cref="RestartAsync"/> stops
/// and starts ffmpeg: its timestamps begin again, as after a real head-end restart.
/// </summary>
internal sealed class LiveSource : IDisposable
{
    /// <summary>Frame duration in 90 kHz ticks at 25 fps.</summary>
    public const long FrameTicks = 3600;

    /// <summary>GOP length of the encoded stream.</summary>
    public static readonly TimeSpan Gop = TimeSpan.FromSeconds(2);

    private readonly string _group;
    private readonly int _port;
    private readonly int _muxRateMbps;
    private FfmpegProcess _ffmpeg;

    /// <param name="muxRateMbps">
    /// 0: the encoder's own rate (~0.8 Mbit/s). Otherwise a constant transport rate padded with null
    /// packets, as IPTV head-ends send (e.g. to make records larger than every socket buffer).
    /// </param>
    public LiveSource(int muxRateMbps = 0)
    {
        _muxRateMbps = muxRateMbps;
        // Random group and port: parallel test runs must not hear each other.
        var r = Random.Shared;
        _group = string.Create(CultureInfo.InvariantCulture, $"239.{r.Next(64, 250)}.{r.Next(0, 256)}.{r.Next(1, 255)}");
        _port = r.Next(20_000, 60_000);
        _ffmpeg = Start();
    }

    /// <summary>The stream_source of a task that records this channel.</summary>
    public string TaskUrl => string.Create(CultureInfo.InvariantCulture, $"udp://@{_group}:{_port}?localaddr=127.0.0.1");

    /// <summary>What ffmpeg said on stderr (errors only).</summary>
    public string Errors => _ffmpeg.StandardError;

    /// <summary>Stops the encoder, waits <paramref name="pause"/>, starts a new one (timestamps restart).</summary>
    public async Task RestartAsync(TimeSpan pause)
    {
        _ffmpeg.Dispose();
        await Task.Delay(pause);
        _ffmpeg = Start();
    }

    public void Stop() => _ffmpeg.Dispose();

    public void Dispose() => _ffmpeg.Dispose();

    private FfmpegProcess Start() => Ffmpeg.Start(
    [
        "-re",
        "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
        "-c:a", "aac", "-b:a", "64k",
        .. (_muxRateMbps > 0 ? new[] { "-muxrate", string.Create(CultureInfo.InvariantCulture, $"{_muxRateMbps}M") } : []),
        "-f", "mpegts", string.Create(CultureInfo.InvariantCulture, $"udp://{_group}:{_port}?localaddr=127.0.0.1&pkt_size=1316"),
    ]);
}
