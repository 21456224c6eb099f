using System.Text.Json.Nodes;
using MicroPvr.Core.Recording;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 3 "disk full during recording": the record location is a 6 MiB tmpfs of the daemon's own
/// (private mount namespace), a live 4 Mbit/s channel fills it. With records-remove-on-low-space
/// off the daemon survives, logs 9010 (once, not at every retry) and every file already recorded
/// stays intact: it decodes, and its index points at its keyframes. Switched on (set_config, no
/// restart), the oldest files are removed first, never the one being written, and that one grows
/// again.
/// </summary>
public sealed class DiskFullTests
{
    private const int Channel = 51;
    private const int Started = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_full_disk_keeps_the_archive_intact_and_remove_on_low_space_frees_the_oldest_files()
    {
        using var source = new LiveSource(new LiveEncoderOptions { Size = "320x240", GopFrames = 25, Audio = false, VideoKbitPerSecond = 4000 });
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?>
        {
            ["task-postpone-time"] = 3,
            ["records-checking-period"] = 1,
            ["records-min-free-space"] = 2,
            ["records-removing-period"] = 1,
            ["records-remove-on-low-space"] = false,
        }, launcher: PrivateMounts.Launcher);
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        var pid = daemon.Process.Id;
        var location = Directory.CreateDirectory(Path.Combine(daemon.RootDir, "small-disk")).FullName;
        await PrivateMounts.MountTmpfsAsync(pid, location, sizeKiB: 6 * 1024);
        var seen = PrivateMounts.Inside(pid, location); // the tmpfs as the daemon sees it

        // Two finished records of about 1 MiB each, then a third run that fills the disk.
        var old = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            await DaemonTasks.CreateAsync(daemon, Channel, location, source.TaskUrl);
            Assert.True(await RecordsOnDisk.WaitAsync(
                () => RecordsOnDisk.Files(seen, Channel).Except(old).ToList() is [var f] && new FileInfo(f).Length >= 1024 * 1024, Patience),
                $"no record of 1 MiB. Output:\n{daemon.Output}\nffmpeg: {source.Errors}");
            await DaemonTasks.CancelAsync(daemon, Channel, location);
            old.Add(RecordsOnDisk.Files(seen, Channel).Except(old).Single());
        }

        await DaemonTasks.CreateAsync(daemon, Channel, location, source.TaskUrl);
        Assert.True(await RecordsOnDisk.WaitAsync(() => DaemonTasks.CountCode(daemon.Output, 9010) >= 1, Patience),
            "the disk never filled up. Output:\n" + daemon.Output);
        var current = RecordsOnDisk.Files(seen, Channel).Except(old).Single();

        // Full for a few seconds more: one keyframe a second is retried and fails each time.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(daemon.HasExited, daemon.Output);
        Assert.Equal(Started, await DaemonTasks.StatusAsync(daemon, location));
        Assert.True(DaemonTasks.CountCode(daemon.Output, 9010, Path.GetFileName(current)) == 1, daemon.Output); // once per episode, not per retry
        Assert.Equal(0, DaemonTasks.CountCode(daemon.Output, 6102));
        foreach (var file in old)
        {
            await AssertIntactAsync(file);
        }

        await AssertIntactAsync(current);
        var stuckAt = new FileInfo(current).Length;

        // records-remove-on-low-space on, without a restart: the oldest go first, never the file
        // being written, and that file grows again.
        var config = (await MiddlewareClient.CallAsync(daemon.RpcPort, "get_config"))["result"]!.AsObject();
        config["records-remove-on-low-space"] = true;
        var answer = await MiddlewareClient.CallAsync(daemon.RpcPort, "set_config", new JsonObject { ["config"] = config.DeepClone() }.ToJsonString());
        Assert.True(answer["error"] is null, answer.ToJsonString());
        Assert.True(await RecordsOnDisk.WaitAsync(
            () => !File.Exists(old[0]) && new FileInfo(current).Length > stuckAt + 256 * 1024, Patience),
            "the oldest record was not removed or recording did not continue. Output:\n" + daemon.Output);

        var removals = daemon.Output.Split('\n').Where(l => l.Contains("(6102)", StringComparison.Ordinal)).ToList();
        Assert.Contains(Path.GetFileName(old[0]), removals[0], StringComparison.Ordinal);
        if (removals.Count > 1)
        {
            Assert.Contains(Path.GetFileName(old[1]), removals[1], StringComparison.Ordinal);
        }

        Assert.DoesNotContain(removals, l => l.Contains(Path.GetFileName(current), StringComparison.Ordinal));
        Assert.True(File.Exists(current));
        Assert.Equal(Started, await DaemonTasks.StatusAsync(daemon, location));
        var index = RecordsOnDisk.Index(current);
        Assert.Contains(index, e => (e.Flags & IndexEntryFlags.Gap) != 0); // the lost seconds are marked
        await AssertIntactAsync(current);
        Assert.False(daemon.HasExited, daemon.Output);
    }

    /// <summary>
    /// Every index entry lies in the file, points at the PAT written in front of a keyframe that
    /// ffprobe finds with the entry's PTS, times never go back, and ffmpeg decodes the video (for a
    /// file still being written: the part on disk).
    /// </summary>
    private static async Task AssertIntactAsync(string file)
    {
        var index = RecordsOnDisk.Index(file);
        Assert.NotEmpty(index);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(0, bytes.Length % 188);
        for (var i = 0; i < index.Length; i++)
        {
            var e = index[i];
            Assert.InRange(e.ByteOffset, 0, bytes.Length - 188);
            Assert.Equal(0x47, bytes[e.ByteOffset]);
            Assert.Equal(0, ((bytes[e.ByteOffset + 1] & 0x1F) << 8) | bytes[e.ByteOffset + 2]);
            Assert.True(i == 0 || e.UtcMilliseconds >= index[i - 1].UtcMilliseconds, "index times go back");
        }

        var copy = Path.Combine(Path.GetTempPath(), $"micropvr-diskfull-{Guid.NewGuid():N}.ts");
        try
        {
            await File.WriteAllBytesAsync(copy, bytes); // a stable snapshot of a file still being written
            // A live recording may end inside a frame (stop, or the cut at the full disk), and a
            // loaded machine may drop a multicast datagram: the decoder may complain about one
            // frame, but it must read the file through and find every indexed keyframe.
            var decode = await Ffmpeg.RunAsync(["-v", "error", "-i", copy, "-map", "0:v", "-f", "null", "-"]);
            Assert.True(decode.Succeeded, decode.StandardError);
            var keyframes = await Ffmpeg.ProbeVideoKeyframesAsync(copy);
            foreach (var e in index)
            {
                Assert.Contains(keyframes, k => k.Pts == e.Pts90k && k.Pos - e.ByteOffset is >= 188 and <= 188 * 8);
            }
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
