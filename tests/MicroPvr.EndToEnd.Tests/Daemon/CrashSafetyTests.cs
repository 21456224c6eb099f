using System.Globalization;
using System.Text.Json.Nodes;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Daemon;

/// <summary>
/// Crash safety of the real daemon (issue 3): kill -9 in the middle of a recording, a record
/// location that disappears. The source is the H.264 fixture replayed live (`file://...?loop=1`).
/// </summary>
public sealed class CrashSafetyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Kill_9_mid_recording_keeps_every_recorded_second_and_the_task_resumes_in_a_new_file()
    {
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?>
        {
            ["task-postpone-time"] = 2,
            ["records-checking-period"] = 1,
        });
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        await CreateTaskAsync(daemon, channelId: 5, daemon.RecordsDir);

        Assert.True(await RecordsOnDisk.WaitAsync(
            () => RecordsOnDisk.Files(daemon.RecordsDir, 5) is [var f] && RecordsOnDisk.IndexedSeconds(f) >= 6, Patience),
            "no 6 s of indexed recording. Output:\n" + daemon.Output);
        var first = RecordsOnDisk.Files(daemon.RecordsDir, 5)[0];
        Assert.Matches(@"/ch_5/c5_t\d+_\d+\.ts$", first);
        var indexedBeforeKill = RecordsOnDisk.Index(first);

        await daemon.KillHardAsync();
        var length = new FileInfo(first).Length;
        var index = RecordsOnDisk.Index(first);
        Assert.True(index.Length >= indexedBeforeKill.Length);
        Assert.All(index, e => Assert.InRange(e.ByteOffset, 0, length - 188));
        for (var i = 1; i < index.Length; i++)
        {
            Assert.True(index[i].UtcMilliseconds >= index[i - 1].UtcMilliseconds, "index times go backwards");
            Assert.True(index[i].ByteOffset > index[i - 1].ByteOffset, "index offsets go backwards");
        }

        // Every indexed second decodes: ffprobe reads the file to at least the last keyframe.
        var probe = await Ffmpeg.ProbeAsync(["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", first]);
        Assert.True(probe.Succeeded, probe.StandardError);
        var duration = double.Parse(probe.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        var indexed = (index[^1].UtcMilliseconds - index[0].UtcMilliseconds) / 1000.0;
        Assert.True(duration >= indexed - 0.5, $"ffprobe sees {duration} s, the index spans {indexed} s");
        var decode = await Ffmpeg.RunAsync(["-v", "error", "-i", first, "-map", "0:v", "-f", "null", "-"]);
        Assert.True(decode.Succeeded, decode.StandardError);

        await daemon.StartAgainAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        Assert.True(await RecordsOnDisk.WaitAsync(
            () => RecordsOnDisk.Files(daemon.RecordsDir, 5) is [_, var second] && RecordsOnDisk.Index(second).Length > 0, Patience),
            "the task did not resume into a new file. Output:\n" + daemon.Output);
        Assert.Equal(length, new FileInfo(first).Length);
        Assert.Equal(index.Length, RecordsOnDisk.Index(first).Length);
        Assert.Contains("(4108)", daemon.Output);

        var task = Assert.Single((await MiddlewareClient.CallAsync(daemon.RpcPort, "get_tasks_list"))["result"]!.AsArray());
        Assert.Equal(3, (int)task!["status"]!);

        // The file of the killed run is still in the catalog beside the resumed one.
        var records = (await MiddlewareClient.CallAsync(daemon.RpcPort, "get_records", """{"channel_id":5}"""))["result"]!.AsArray();
        Assert.Contains(records, r => first.EndsWith((string)r!["record-name"]!, StringComparison.Ordinal));
        Assert.True(records.Count >= 2, records.ToJsonString());
    }

    private static async Task CreateTaskAsync(DaemonProcess daemon, int channelId, string location)
    {
        var source = new Uri(Fixtures.H264Aac).AbsoluteUri + "?loop=1";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await new RecordingTask(channelId, "Crash test", location, source).CreateAsync(daemon.RpcPort);
    }
}
