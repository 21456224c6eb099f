using System.Globalization;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>The video packets of a file or URL as ffprobe demuxes them: PTS (90 kHz) and keyframe flag, in order.</summary>
internal static class VideoPackets
{
    public static async Task<IReadOnlyList<(long Pts, bool Key)>> ProbeAsync(string input, IEnumerable<string>? inputOptions = null)
    {
        var probe = await Ffmpeg.ProbeAsync(
            ["-v", "error", .. inputOptions ?? [], "-select_streams", "v:0", "-show_entries", "packet=pts,flags", "-of", "csv=p=0", input]);
        Assert.True(probe.Succeeded, $"ffprobe {input}: {probe.StandardError}");
        var list = new List<(long, bool)>();
        foreach (var line in probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(',');
            if (parts.Length >= 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pts))
            {
                list.Add((pts, parts[1].Contains('K', StringComparison.Ordinal)));
            }
        }

        return list;
    }

    /// <summary>Decodes every stream of the input to nothing; returns ffmpeg's error output (empty when clean).</summary>
    public static async Task<string> DecodeErrorsAsync(string input)
    {
        var run = await Ffmpeg.RunAsync(["-v", "error", "-i", input, "-f", "null", "-"]);
        return run.Succeeded ? run.StandardError.Trim() : $"exit {run.ExitCode}: {run.StandardError}";
    }
}
