using System.Globalization;

namespace MicroPvr.TestKit;

/// <summary>
/// A live channel on a random loopback multicast group: ffmpeg encodes a test pattern (H.264 with
/// a fixed GOP, optionally AAC, see <see cref="LiveEncoderOptions"/>) in real time. A real encoder
/// rather than a looped fixture keeps the timestamps and the H.264 frame numbering continuous, so
/// any decode error or PTS jump a test sees comes from the archive, not from the source's loop
/// point. <see cref="RestartAsync"/> stops and starts ffmpeg: its timestamps begin again, as after
/// a real head-end restart.
/// </summary>
public sealed class LiveSource : IDisposable
{
    private readonly string _group;
    private readonly int _port;
    private FfmpegProcess _ffmpeg;

    public LiveSource(LiveEncoderOptions? options = null)
    {
        Options = options ?? new LiveEncoderOptions();
        // Random group and port: parallel test runs must not hear each other.
        var r = Random.Shared;
        _group = string.Create(CultureInfo.InvariantCulture, $"239.{r.Next(64, 250)}.{r.Next(0, 256)}.{r.Next(1, 255)}");
        _port = r.Next(20_000, 60_000);
        _ffmpeg = Start();
    }

    public LiveEncoderOptions Options { get; }

    /// <summary>The stream_source of a task that records this channel (joined on the loopback).</summary>
    public string TaskUrl => string.Create(CultureInfo.InvariantCulture, $"udp://@{_group}:{_port}?localaddr=127.0.0.1");

    /// <summary>What ffmpeg said on stderr (errors only), for failure messages.</summary>
    public string Errors => _ffmpeg.StandardError;

    /// <summary>Stops the encoder, waits <paramref name="pause"/>, starts a new one (timestamps restart).</summary>
    public async Task RestartAsync(TimeSpan pause)
    {
        _ffmpeg.Dispose();
        await Task.Delay(pause);
        _ffmpeg = Start();
    }

    /// <summary>Stops sending (a dead source).</summary>
    public void Stop() => _ffmpeg.Dispose();

    public void Dispose() => _ffmpeg.Dispose();

    private FfmpegProcess Start()
    {
        var o = Options;
        var args = new List<string>
        {
            "-re",
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={o.Size}:rate={o.FramesPerSecond}"),
        };
        if (o.Audio)
        {
            args.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]);
        }

        var gop = o.GopFrames.ToString(CultureInfo.InvariantCulture);
        args.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-g", gop, "-keyint_min", gop, "-sc_threshold", "0"]);
        if (o.VideoKbitPerSecond > 0)
        {
            var rate = string.Create(CultureInfo.InvariantCulture, $"{o.VideoKbitPerSecond}k");
            args.AddRange(["-b:v", rate, "-minrate", rate, "-maxrate", rate, "-bufsize", rate, "-x264-params", "nal-hrd=cbr"]);
        }

        if (o.Audio)
        {
            args.AddRange(["-c:a", "aac", "-b:a", "64k"]);
        }

        if (o.MuxRateMbitPerSecond > 0)
        {
            args.AddRange(["-muxrate", string.Create(CultureInfo.InvariantCulture, $"{o.MuxRateMbitPerSecond}M")]);
        }

        args.AddRange(["-f", "mpegts", string.Create(CultureInfo.InvariantCulture, $"udp://{_group}:{_port}?localaddr=127.0.0.1&pkt_size=1316")]);
        return Ffmpeg.Start(args);
    }
}
