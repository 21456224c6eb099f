using System.Text.Json.Nodes;
using MicroPvr.Core.Recording;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 3 "a record location that disappears or becomes read-only": three tasks record one live
/// multicast channel into three locations; one location is removed, one becomes read-only (a
/// read-only bind mount in the daemon's private mount namespace: root ignores chmod). Both tasks
/// are postponed with their codes and retried every task-postpone-time, the removed location is
/// not recreated, the third copy records on in one file without a gap, and both tasks record
/// again once their locations are back.
/// </summary>
public sealed class LocationFaultTests
{
    private const int Channel = 41;
    private const int Postponed = 1;
    private const int Started = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Removed_and_read_only_locations_postpone_their_tasks_while_another_location_records_without_a_gap()
    {
        using var source = new LiveSource(new LiveEncoderOptions { Size = "320x240", GopFrames = 25, Audio = false, VideoKbitPerSecond = 800 });
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?>
        {
            ["task-postpone-time"] = 3,
            ["records-checking-period"] = 1,
        }, launcher: PrivateMounts.Launcher);
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        var kept = Directory.CreateDirectory(Path.Combine(daemon.RootDir, "kept")).FullName;
        var gone = Directory.CreateDirectory(Path.Combine(daemon.RootDir, "gone")).FullName;
        var readOnly = Directory.CreateDirectory(Path.Combine(daemon.RootDir, "readonly")).FullName;
        foreach (var location in new[] { kept, gone, readOnly })
        {
            await DaemonTasks.CreateAsync(daemon, Channel, location, source.TaskUrl);
        }

        Assert.True(await RecordsOnDisk.WaitAsync(
            () => new[] { kept, gone, readOnly }.All(l => RecordsOnDisk.Files(l, Channel) is [var f] && RecordsOnDisk.IndexedSeconds(f) >= 2), Patience),
            $"not all three copies record. Output:\n{daemon.Output}\nffmpeg: {source.Errors}");
        var keptFile = RecordsOnDisk.Files(kept, Channel)[0];
        var readOnlyFirst = RecordsOnDisk.Files(readOnly, Channel)[0];

        Directory.Delete(gone, recursive: true);
        await PrivateMounts.MakeReadOnlyAsync(daemon.Process.Id, readOnly);

        // Noticed by the engine's location check (9019), postponed (5122, 4101), retried every
        // task-postpone-time (more 5122 lines), and the removed location is never recreated.
        Assert.True(await DaemonTasks.WaitAsync(async () =>
            await DaemonTasks.StatusAsync(daemon, gone) == Postponed && await DaemonTasks.StatusAsync(daemon, readOnly) == Postponed
            && DaemonTasks.CountCode(daemon.Output, 5122, gone) >= 2 && DaemonTasks.CountCode(daemon.Output, 5122, readOnly) >= 2, Patience),
            "the tasks were not postponed and retried. Output:\n" + daemon.Output);
        // Only the engine's check can see a read-only location (the file still exists).
        Assert.True(DaemonTasks.CountCode(daemon.Output, 9019, readOnly) >= 1, daemon.Output);
        Assert.True(DaemonTasks.CountCode(daemon.Output, 4101) >= 4, daemon.Output);
        Assert.False(Directory.Exists(gone), "the removed location was recreated");
        Assert.Equal(Started, await DaemonTasks.StatusAsync(daemon, kept));
        Assert.Equal([readOnlyFirst], RecordsOnDisk.Files(readOnly, Channel));

        // Both come back: the tasks record again, each into a new file.
        Directory.CreateDirectory(gone);
        await PrivateMounts.UnmountAsync(daemon.Process.Id, readOnly);
        Assert.True(await DaemonTasks.WaitAsync(async () =>
            await DaemonTasks.StatusAsync(daemon, gone) == Started && await DaemonTasks.StatusAsync(daemon, readOnly) == Started
            && RecordsOnDisk.Files(gone, Channel) is [var g] && RecordsOnDisk.Index(g).Length > 0
            && RecordsOnDisk.Files(readOnly, Channel) is [_, var r] && RecordsOnDisk.Index(r).Length > 0, Patience),
            "the tasks did not record again. Output:\n" + daemon.Output);

        // The third copy never stopped: still its first file, keyframes a second apart, no gap.
        Assert.Equal([keptFile], RecordsOnDisk.Files(kept, Channel));
        var index = RecordsOnDisk.Index(keptFile);
        Assert.All(index, e => Assert.Equal(IndexEntryFlags.None, e.Flags & (IndexEntryFlags.Gap | IndexEntryFlags.Discontinuity)));
        for (var i = 1; i < index.Length; i++)
        {
            Assert.InRange(index[i].UtcMilliseconds - index[i - 1].UtcMilliseconds, 0, 3000);
        }

        // The file written before the location turned read-only is intact and playable.
        var before = RecordsOnDisk.Index(readOnlyFirst);
        var length = new FileInfo(readOnlyFirst).Length;
        Assert.NotEmpty(before);
        Assert.All(before, e => Assert.InRange(e.ByteOffset, 0, length - 188));
        var decode = await Ffmpeg.RunAsync(["-v", "error", "-i", readOnlyFirst, "-map", "0:v", "-f", "null", "-"]);
        Assert.True(decode.Succeeded, decode.StandardError);
    }
}
