using System.Text.Json.Nodes;
using MicroPvr.Core.Recording;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Api;

/// <summary>
/// nPVR range locks and recording status against the real daemon: an archive written to disk
/// while the daemon was stopped is found by its start-up rebuild, then retention (lifetime),
/// micropvr_control delete_records and get_recording_status run on it.
/// </summary>
public class DaemonArchiveApiTests
{
    private const long T0 = 1_700_000_000; // an old archive: lifetime 0 means long expired
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Locked_ranges_survive_retention_and_delete_records_and_recording_status_shows_gaps_inside_files()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        var port = daemon.RpcPort;
        var location = daemon.RecordsDir;
        var later = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds();
        // Two tasks that name the location (so the rebuild scans it) and give the files their
        // lifetime: channel 31's are long expired, channel 32's are kept another year.
        var aYearFromNow = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - T0 + (365 * 86400);
        foreach (var (channel, lifetime) in new[] { (31, 0L), (32, aYearFromNow) })
        {
            var task = $$"""{"channel_id":{{channel}},"duration":3600,"lifetime":{{lifetime}},"start_timestamp":{{later}},"record_location":"{{location}}","stream_source":"udp://@239.255.77.{{channel}}:30001"}""";
            Assert.Equal("ok", (string)(await MiddlewareClient.CallAsync(port, "create_new_task", task))["result"]!);
        }

        var tasks = (await MiddlewareClient.CallAsync(port, "get_tasks_list"))["result"]!.AsArray();
        long TaskOf(int channel) => (long)tasks.Single(t => (int)t!["channel-id"]! == channel)!["task-id"]!;

        var lock31 = (await MiddlewareClient.CallAsync(port, "lock_range", $$"""{"channel_id":31,"from":{{T0 + 600}},"to":{{T0 + 1200}},"comment":"keep"}"""))["result"]!;
        Assert.Equal("keep", (string)lock31["comment"]!);
        var lock32 = (await MiddlewareClient.CallAsync(port, "lock_range", $$"""{"channel_id":32,"from":{{T0 + 100}},"to":{{T0 + 200}}}"""))["result"]!;
        Assert.Equal(-32602, (int)(await MiddlewareClient.CallAsync(port, "lock_range", $$"""{"channel_id":32,"from":{{T0}},"to":{{T0}}}"""))["error"]!["code"]!);
        Assert.Equal(2, (await MiddlewareClient.CallAsync(port, "get_locks"))["result"]!.AsArray().Count);
        Assert.Equal(0, await daemon.StopAsync());

        // The archive appears on disk while the daemon is down.
        var locked31 = WriteRecord(location, 31, T0, TaskOf(31), 3600);
        var free31 = WriteRecord(location, 31, T0 + 7200, TaskOf(31), 3600);
        var locked32 = WriteRecord(location, 32, T0, TaskOf(32), 3600);
        var free32 = WriteRecord(location, 32, T0 + 3600, TaskOf(32), 3600);
        // Channel 32 again, a day later: the recorder marked 10 minutes of silence at 1000 s.
        WriteRecord(location, 32, T0 + 86400, TaskOf(32), 3600, gapAfterSecond: 1000, gapSeconds: 600);

        await daemon.StartAgainAsync();
        await MiddlewareClient.WaitListeningAsync(port);

        // Lifetime 0: retention deletes channel 31's unlocked file and keeps the locked one.
        Assert.True(await RecordsOnDisk.WaitAsync(() => !File.Exists(free31), Patience), daemon.Output);
        Assert.True(File.Exists(locked31));
        Assert.True(await daemon.WaitForOutputAsync("(6122)", Patience), daemon.Output);

        // delete_records through the real micropvr_control: the locked file of channel 32 stays.
        var (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port.ToString(), "-y", "-f", "delete_records", "-a", (T0 + 7200).ToString(), "32");
        Assert.True(code == 0, error);
        Assert.Contains("deleted 1 record file(s)", output);
        Assert.False(File.Exists(free32));
        Assert.True(File.Exists(locked32));
        Assert.True(await daemon.WaitForOutputAsync("(6121)", Patience), daemon.Output);

        // Recorded ranges: the day-later file shows the gap the recorder marked inside it.
        var status = (await MiddlewareClient.CallAsync(port, "get_recording_status", $$"""{"channel_id":32,"from":{{T0 + 86400}},"to":{{T0 + 90000}}}"""))["result"]![0]!;
        Assert.Equal([(T0 + 86400, T0 + 87401), (T0 + 88001, T0 + 90000)], Pairs(status["ranges"]!));
        Assert.Equal([(T0 + 87401, T0 + 88001)], Pairs(status["gaps"]!));

        // Unlocking (by range for 31, by id for 32) hands the files back to retention / deletion.
        var unlocked = (await MiddlewareClient.CallAsync(port, "unlock_range", $$"""{"channel_id":31,"from":{{T0}},"to":{{T0 + 86400}}}"""))["result"]!;
        Assert.Equal(1, (int)unlocked["removed"]!);
        Assert.True(await RecordsOnDisk.WaitAsync(() => !File.Exists(locked31), Patience), daemon.Output);
        Assert.Equal(1, (int)(await MiddlewareClient.CallAsync(port, "unlock_range", $$"""{"id":{{(long)lock32["id"]!}}}"""))["result"]!["removed"]!);
        (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port.ToString(), "-y", "-f", "delete_records", "-a", (T0 + 7200).ToString(), "32");
        Assert.True(code == 0, error);
        Assert.Contains("deleted 1 record file(s)", output);
        Assert.False(File.Exists(locked32));
        Assert.Empty((await MiddlewareClient.CallAsync(port, "get_locks"))["result"]!.AsArray());

        static List<(long, long)> Pairs(JsonNode array) => [.. array.AsArray().Select(r => ((long)r!["from"]!, (long)r["to"]!))];
    }

    /// <summary>A record file (sparse .ts) with an index of one keyframe a second, optionally with a marked gap.</summary>
    private static string WriteRecord(string location, int channel, long startUnix, long taskId, int seconds, int? gapAfterSecond = null, int gapSeconds = 0)
    {
        var path = Path.Combine(location, $"ch_{channel}", $"c{channel}_t{startUnix}_{taskId}.ts");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path)))
        {
            for (var k = 0; k <= seconds; k++)
            {
                var afterGap = gapAfterSecond is { } g && k > g;
                if (afterGap && k <= gapAfterSecond + gapSeconds)
                {
                    continue; // nothing was received
                }

                var flags = afterGap && k == gapAfterSecond + gapSeconds + 1 ? IndexEntryFlags.Gap : IndexEntryFlags.None;
                writer.Append(new IndexEntry((startUnix + k) * 1000, k * 188L * 100, -1, flags));
            }

            writer.Flush(durable: true);
        }

        using (var ts = File.Create(path))
        {
            ts.SetLength((seconds + 1) * 188L * 100);
        }

        return path;
    }
}
