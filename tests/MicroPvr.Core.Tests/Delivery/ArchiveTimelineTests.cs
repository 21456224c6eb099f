using MicroPvr.Core.Delivery;

namespace MicroPvr.Core.Tests.Delivery;

public class ArchiveTimelineTests
{
    private const long T0 = 1_700_000_000;

    [Fact]
    public async Task Daily_overlap_switches_at_the_same_frame_in_the_next_file()
    {
        using var f = new ArchiveFixture();
        // A: [T0, T0+3600); B starts 80 s before A ends (compat spec §3) with keyframes on the same grid.
        var a = f.AddRecord(3, T0, 3600);
        var b = f.AddRecord(3, T0 + 3520, 3600, taskId: 8, firstKeyframeDelayMs: 200);
        var span = (await f.Timeline.StartAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 3000), null))!;
        Assert.Equal(a.Path, span.Record.Path);

        var handover = await f.Timeline.HandoverAsync(span, span.StartOffset, null);
        var aIndex = f.Indexes.Get(a);
        var lastA = aIndex[aIndex.Count - 1];
        Assert.Equal(lastA.ByteOffset, handover.StopOffset);
        Assert.NotNull(handover.Next);
        Assert.Equal(b.Path, handover.Next!.Record.Path);
        // The first frame taken from B is the very keyframe A stopped before.
        Assert.Equal(lastA.Pts90k, handover.Next.First.Pts90k);
        Assert.Equal(lastA.UtcMilliseconds, handover.Next.First.UtcMilliseconds);
        Assert.True(handover.Next.Discontinuity);
    }

    [Fact]
    public async Task After_sending_a_whole_file_the_next_starts_after_its_last_keyframe()
    {
        using var f = new ArchiveFixture();
        var a = f.AddRecord(3, T0, 3600);
        f.AddRecord(3, T0 + 3520, 3600, taskId: 8);
        var span = (await f.Timeline.StartAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 3000), null))!;
        var lastA = f.Indexes.Get(a)[f.Indexes.Get(a).Count - 1];

        var handover = await f.Timeline.HandoverAsync(span, sentUpTo: long.MaxValue, null);
        Assert.Null(handover.StopOffset);
        Assert.Equal(lastA.UtcMilliseconds + 2000, handover.Next!.First.UtcMilliseconds);
    }

    [Fact]
    public async Task Seam_without_pts_uses_time()
    {
        using var f = new ArchiveFixture();
        var a = f.AddRecord(3, T0, 600);
        // B's keyframes are 700 ms off A's grid: no PTS match, take the first keyframe after A's last sent one.
        var b = f.AddRecord(3, T0 + 520, 600, taskId: 8, firstKeyframeDelayMs: 900);
        var span = (await f.Timeline.StartAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 100), null))!;
        var aIndex = f.Indexes.Get(a);
        var handover = await f.Timeline.HandoverAsync(span, span.StartOffset, null);
        var stoppedBefore = aIndex[aIndex.Count - 1];
        Assert.Equal(stoppedBefore.ByteOffset, handover.StopOffset);
        Assert.Equal(b.Path, handover.Next!.Record.Path);
        // The nearest keyframe of B to where A stopped: within half a keyframe interval.
        Assert.InRange(handover.Next.First.UtcMilliseconds - stoppedBefore.UtcMilliseconds, -1000, 1000);
    }

    [Fact]
    public async Task Nothing_follows_the_last_record()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600);
        var span = (await f.Timeline.StartAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 100), null))!;
        var handover = await f.Timeline.HandoverAsync(span, span.StartOffset, null);
        Assert.Null(handover.StopOffset);
        Assert.Null(handover.Next);
    }

    [Fact]
    public async Task Gap_between_records_hands_over_to_the_next_from_its_start()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600);
        var c = f.AddRecord(3, T0 + 1200, 600, taskId: 9);
        var span = (await f.Timeline.StartAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 100), null))!;
        var handover = await f.Timeline.HandoverAsync(span, span.StartOffset, null);
        Assert.Null(handover.StopOffset);
        Assert.Equal(c.Path, handover.Next!.Record.Path);
        Assert.Equal(0, handover.Next.FirstEntry);
    }

    [Fact]
    public async Task Deleted_record_is_seen_by_refresh()
    {
        using var f = new ArchiveFixture();
        var a = f.AddRecord(3, T0, 600);
        Assert.NotNull(await f.Timeline.RefreshAsync(a));
        f.Catalog.Remove(a.Id);
        Assert.Null(await f.Timeline.RefreshAsync(a));
    }
}
