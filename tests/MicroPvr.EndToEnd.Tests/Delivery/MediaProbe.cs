using System.Globalization;
using MicroPvr.Core.Recording;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>ffprobe/ffmpeg as a player: what a URL or a file plays, mapped back to wall-clock time through the record's index.</summary>
internal static class MediaProbe
{
    /// <summary>PTS (90 kHz) of every video packet of a finite input (a file or a VOD playlist), in read order.</summary>
    public static async Task<List<long>> VideoPtsAsync(string input, params string[] inputOptions)
    {
        var probe = await Ffmpeg.ProbeAsync(["-v", "error", .. inputOptions, "-select_streams", "v:0", "-show_entries", "packet=pts", "-of", "csv=p=0", input]);
        Assert.True(probe.Succeeded, $"ffprobe {input}: {probe.StandardError}");
        return Parse(probe.StandardOutput);
    }

    /// <summary>PTS of the first video packet of any input, endless ones included (reads one packet).</summary>
    public static async Task<long> FirstVideoPtsAsync(string input, params string[] inputOptions)
    {
        var probe = await Ffmpeg.ProbeAsync(
            ["-v", "error", .. inputOptions, "-select_streams", "v:0", "-read_intervals", "%+#1", "-show_entries", "packet=pts", "-of", "csv=p=0", input],
            TimeSpan.FromSeconds(60));
        Assert.False(probe.TimedOut, $"ffprobe {input} timed out");
        var pts = Parse(probe.StandardOutput);
        Assert.True(pts.Count > 0, $"ffprobe {input} found no video packet: {probe.StandardError}");
        return pts[0];
    }

    /// <summary>Decodes the video and audio of an input completely: ffmpeg's error output (empty when clean).</summary>
    public static async Task<string> DecodeErrorsAsync(string input)
    {
        var decode = await Ffmpeg.RunAsync(["-v", "error", "-i", input, "-f", "null", "-"]);
        Assert.True(decode.Succeeded, $"ffmpeg decode {input}: {decode.StandardError}");
        return decode.StandardError.Trim();
    }

    /// <summary>Seconds of video between the first and the last frame, plus one frame (25 fps).</summary>
    public static double Duration(List<long> pts)
    {
        Assert.NotEmpty(pts);
        return ((pts.Max() - pts.Min()) / 90_000.0) + 0.04;
    }

    /// <summary>The wall-clock time (unix ms) of the keyframe with this PTS, from the record's index.</summary>
    public static long KeyframeUtcMs(IndexEntry[] index, long pts)
    {
        foreach (var e in index)
        {
            if (e.Pts90k == pts)
            {
                return e.UtcMilliseconds;
            }
        }

        Assert.Fail($"no keyframe with PTS {pts} in the index ({index.Length} entries, PTS {index[0].Pts90k}..{index[^1].Pts90k})");
        return 0;
    }

    private static List<long> Parse(string csv)
    {
        var list = new List<long>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (long.TryParse(line.TrimEnd(','), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pts))
            {
                list.Add(pts);
            }
        }

        return list;
    }
}
