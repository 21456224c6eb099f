using MicroPvr.Core.Recording;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Recorder;

/// <summary>
/// Issue 2 end-to-end: ffmpeg streams a fixture to a random loopback multicast group, the real
/// `micropvr record` records it, ffprobe decodes the file without errors, and every index entry
/// points at a keyframe (PAT in front) whose PTS matches.
/// </summary>
public sealed class RecordCommandTests
{
    [Fact]
    public async Task Records_multicast_into_a_clean_file_with_a_keyframe_accurate_index()
    {
        using var dir = new TempDirectory("micropvr-e2e-record");
        var group = $"239.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        var port = Random.Shared.Next(20000, 60000);
        var output = dir.Combine("c7_t1700000000_1.ts");
        using var ffmpeg = Ffmpeg.Start(["-re", "-stream_loop", "-1", "-i", Fixtures.H264Aac, "-c", "copy", "-f", "mpegts",
            $"udp://{group}:{port}?localaddr=127.0.0.1&pkt_size=1316"]);

        var run = await CliRunner.RunAsync(TimeSpan.FromSeconds(120), "record", "--source", $"udp://@{group}:{port}?localaddr=127.0.0.1", "--output", output, "--duration", "12");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("keyframes", run.StandardError);
        Assert.Contains("[9012]", run.StandardError); // recording started, with its compat §7 code
        var probe = await Ffmpeg.ProbeAsync(["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", output]);
        Assert.True(probe.Succeeded, probe.StandardError);
        Assert.Equal(string.Empty, probe.StandardError.Trim());

        var entries = KeyframeIndexReader.OpenForRecord(output).ToArray();
        Assert.True(entries.Length >= 3, $"{entries.Length} index entries");
        var keyframes = await Ffmpeg.ProbeVideoKeyframesAsync(output);
        var ts = await File.ReadAllBytesAsync(output);
        Assert.Equal(0, entries[0].ByteOffset);
        foreach (var e in entries)
        {
            // The entry is the PAT written in front of the keyframe; the keyframe ffprobe sees follows it.
            Assert.Equal(0x47, ts[e.ByteOffset]);
            Assert.Equal(0, ((ts[e.ByteOffset + 1] & 0x1F) << 8) | ts[e.ByteOffset + 2]);
            var k = keyframes.FirstOrDefault(k => k.Pts == e.Pts90k);
            Assert.True(k != default, $"no ffprobe keyframe with PTS {e.Pts90k}");
            Assert.InRange(k.Pos - e.ByteOffset, 188, 188 * 8);
        }

        for (var i = 1; i < entries.Length; i++)
        {
            Assert.True(entries[i].UtcMilliseconds >= entries[i - 1].UtcMilliseconds);
        }

        var span = entries[^1].Utc - entries[0].Utc;
        Assert.InRange(span.TotalSeconds, 4, 14);
    }

    [Fact]
    public async Task Reindex_rebuilds_the_same_offsets_and_probe_describes_the_file()
    {
        using var dir = new TempDirectory("micropvr-e2e-reindex");
        var output = dir.Combine("c7_t1700000000_2.ts");
        var record = await CliRunner.RunAsync(TimeSpan.FromSeconds(120), "record", "--source", $"file://{Fixtures.H264Aac}?loop=1", "--output", output, "--duration", "5");
        Assert.True(record.ExitCode == 0, record.Output);
        var written = KeyframeIndexReader.OpenForRecord(output).ToArray();

        var reindex = await CliRunner.RunAsync(TimeSpan.FromSeconds(60), "reindex", output);
        var probe = await CliRunner.RunAsync(TimeSpan.FromSeconds(60), "probe", output);

        Assert.True(reindex.ExitCode == 0, reindex.Output);
        var rebuilt = KeyframeIndexReader.OpenForRecord(output).ToArray();
        Assert.Equal(written.Select(e => (e.ByteOffset, e.Pts90k)), rebuilt.Select(e => (e.ByteOffset, e.Pts90k)));
        Assert.Equal(1_700_000_000_000, rebuilt[0].UtcMilliseconds);
        Assert.True(probe.ExitCode == 0, probe.Output);
        Assert.Contains("H.264", probe.StandardOutput);
        Assert.Contains("errors: cc 0", probe.StandardOutput);
    }
}
