using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tests.Delivery;

public class ArchiveLocatorTests
{
    private const long T0 = 1_700_000_000;

    [Fact]
    public async Task Finds_the_keyframe_at_or_before_the_time()
    {
        using var f = new ArchiveFixture();
        var r = f.AddRecord(3, T0, 3600);
        var locator = new ArchiveLocator(f.Timeline);

        var p = (await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeMilliseconds((T0 * 1000) + 10_199)))!;
        Assert.Equal(r.Path, p.Record.Path);
        // Keyframes at +200, +2200, ... +8200, +10200: 10199 is before +10200.
        Assert.Equal(4 * ArchiveFixture.BytesPerGop, p.ByteOffset);
        Assert.Equal((T0 * 1000) + 8200, p.KeyframeUtc.ToUnixTimeMilliseconds());

        var exact = (await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeMilliseconds((T0 * 1000) + 10_200)))!;
        Assert.Equal(5 * ArchiveFixture.BytesPerGop, exact.ByteOffset);
    }

    [Fact]
    public async Task Time_between_file_start_and_first_keyframe_starts_at_the_first_keyframe()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600);
        var p = (await new ArchiveLocator(f.Timeline).LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0)))!;
        Assert.Equal(0, p.ByteOffset);
    }

    [Fact]
    public async Task Highest_priority_copy_wins_unless_a_priority_is_forced()
    {
        using var f = new ArchiveFixture();
        var hdd = f.AddRecord(3, T0, 3600, priority: 50, location: "hdd");
        var ssd = f.AddRecord(3, T0 + 1800, 1800, priority: 10, location: "ssd", taskId: 8);
        var locator = new ArchiveLocator(f.Timeline);

        Assert.Equal(hdd.Path, (await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 600)))!.Record.Path);
        Assert.Equal(ssd.Path, (await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 2000)))!.Record.Path);
        Assert.Equal(hdd.Path, (await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 2000), priority: 50))!.Record.Path);
        Assert.Null((await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 600), priority: 10)));
        Assert.Null((await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 600), priority: 99)));
    }

    [Fact]
    public async Task Before_the_archive_in_the_future_or_unknown_channel_is_not_found()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 3600);
        f.AddRecord(3, T0, 3600);
        var locator = new ArchiveLocator(f.Timeline);
        Assert.Null((await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 - 10))));
        Assert.Null((await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 7200))));
        Assert.Null((await locator.LocateAsync(4, DateTimeOffset.FromUnixTimeSeconds(T0 + 10))));
    }

    [Fact]
    public async Task A_gap_between_records_continues_at_the_next_record()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600);
        var second = f.AddRecord(3, T0 + 900, 600, taskId: 9);
        var p = (await new ArchiveLocator(f.Timeline).LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 700)))!;
        Assert.Equal(second.Path, p.Record.Path);
        Assert.Equal(0, p.ByteOffset);
    }

    [Fact]
    public async Task A_gap_marked_in_the_index_continues_after_it()
    {
        using var f = new ArchiveFixture();
        // Entry 10 follows a 60-second silence.
        f.AddRecord(3, T0, 600, flags: k => k == 10 ? IndexEntryFlags.Gap : IndexEntryFlags.None, extraMs: k => k >= 10 ? 60_000 : 0);
        var locator = new ArchiveLocator(f.Timeline);
        var inGap = (await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 40)))!;
        Assert.Equal(10 * ArchiveFixture.BytesPerGop, inGap.ByteOffset);
        var beforeGap = (await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeMilliseconds((T0 * 1000) + 19_000)))!;
        Assert.Equal(9 * ArchiveFixture.BytesPerGop, beforeGap.ByteOffset);
    }

    [Fact]
    public async Task Growing_index_is_seen_by_later_lookups()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 100);
        var r = f.AddRecord(3, T0, 60, writing: true);
        var locator = new ArchiveLocator(f.Timeline);
        var early = (await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 90)))!;
        Assert.Equal(29 * ArchiveFixture.BytesPerGop, early.ByteOffset);

        using (var w = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(r.Path)))
        {
            for (var k = 30; k < 50; k++)
            {
                var utc = (T0 * 1000) + 200 + (k * 2000L);
                w.Append(new IndexEntry(utc, k * ArchiveFixture.BytesPerGop, ArchiveFixture.Pts(utc), IndexEntryFlags.None));
            }

            w.Flush();
        }

        f.Clock.Advance(TimeSpan.FromSeconds(1));
        var later = (await locator.LocateAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 90)))!;
        Assert.Equal(44 * ArchiveFixture.BytesPerGop, later.ByteOffset);
    }
}
