using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tests.Delivery;

/// <summary>RecordingCoverage over real keyframe-index sidecars: gaps between files and inside them.</summary>
public class RecordingCoverageTests
{
    private const long T0 = 1_700_000_000;

    private static DateTimeOffset At(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix);

    private static List<(long, long)> Pairs(IReadOnlyList<TimeRange> ranges) =>
        [.. ranges.Select(r => (r.From.ToUnixTimeSeconds(), r.To.ToUnixTimeSeconds()))];

    /// <summary>Entries from k = 100 on come 600 s later, the first of them flagged: a 10-minute hole inside one file.</summary>
    private static RecordFileShape TenMinuteHole(IndexEntryFlags flag) =>
        new(k => k == 100 ? flag : IndexEntryFlags.None, k => k >= 100 ? 600_000 : 0);

    private sealed record RecordFileShape(Func<int, IndexEntryFlags> Flags, Func<int, long> ExtraMs);

    [Fact]
    public async Task A_gap_the_recorder_flagged_inside_one_file_is_a_gap()
    {
        using var f = new ArchiveFixture();
        var shape = TenMinuteHole(IndexEntryFlags.Gap);
        f.AddRecord(3, T0, 3600, flags: shape.Flags, extraMs: shape.ExtraMs);
        var coverage = new RecordingCoverage(f.Catalog, f.Indexes, f.Clock);

        var status = await coverage.GetChannelAsync(3, At(T0), At(T0 + 3600));

        // Keyframe 99 at T0+198.2 s was received (one GOP: until 200.2 s); keyframe 100 at 800.2 s.
        Assert.Equal([(T0, T0 + 200), (T0 + 800, T0 + 3600)], Pairs(status.Ranges));
        Assert.Equal([(T0 + 200, T0 + 800)], Pairs(status.Gaps));

        // Playback agrees: a time inside the reported gap is served from the keyframe after it.
        var span = await f.Timeline.StartAsync(3, At(T0 + 500), null);
        Assert.Equal((T0 * 1000) + 800_200, span!.First.UtcMilliseconds);
    }

    [Fact]
    public async Task A_source_restart_with_lost_time_is_a_gap_without_lost_time_is_not()
    {
        using var f = new ArchiveFixture();
        var shape = TenMinuteHole(IndexEntryFlags.Discontinuity);
        f.AddRecord(3, T0, 3600, flags: shape.Flags, extraMs: shape.ExtraMs);
        // Channel 4: a PCR jump (discontinuity) while data kept flowing: no time is missing.
        f.AddRecord(4, T0, 3600, flags: k => k % 50 == 0 ? IndexEntryFlags.Discontinuity : IndexEntryFlags.None);
        var coverage = new RecordingCoverage(f.Catalog, f.Indexes, f.Clock);

        var all = await coverage.GetAsync(null, At(T0), At(T0 + 3600));

        Assert.Equal([3, 4], all.Select(c => c.ChannelId));
        Assert.Equal([(T0 + 200, T0 + 800)], Pairs(all[0].Gaps));
        Assert.Empty(all[1].Gaps);
        Assert.Equal([(T0, T0 + 3600)], Pairs(all[1].Ranges));
    }

    [Fact]
    public async Task Another_copy_fills_the_hole_of_one_copy()
    {
        using var f = new ArchiveFixture();
        var shape = TenMinuteHole(IndexEntryFlags.Gap);
        f.AddRecord(3, T0, 3600, flags: shape.Flags, extraMs: shape.ExtraMs);
        f.AddRecord(3, T0 + 100, 1000, priority: 10, location: "ssd", taskId: 8);
        var coverage = new RecordingCoverage(f.Catalog, f.Indexes, f.Clock);

        var status = await coverage.GetChannelAsync(3, At(T0 - 60), At(T0 + 4000));

        Assert.Equal([(T0, T0 + 3600)], Pairs(status.Ranges));
        Assert.Equal([(T0 - 60, T0), (T0 + 3600, T0 + 4000)], Pairs(status.Gaps));
    }

    [Fact]
    public async Task Gaps_between_files_and_a_late_first_keyframe_are_gaps_and_the_default_window_starts_at_the_first_record()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 3600);
        // The source was down for the first 5 minutes of the next file.
        f.AddRecord(3, T0 + 3520, 3600, taskId: 8, firstKeyframeDelayMs: 380_000);
        f.AddRecord(3, T0 + 9000, 1000, taskId: 9);
        var coverage = new RecordingCoverage(f.Catalog, f.Indexes, f.Clock);

        var status = await coverage.GetChannelAsync(3, to: At(T0 + 12000));

        Assert.Equal(T0, status.From.ToUnixTimeSeconds());
        Assert.Equal([(T0, T0 + 3600), (T0 + 3900, T0 + 7120), (T0 + 9000, T0 + 10000)], Pairs(status.Ranges));
        Assert.Equal([(T0 + 3600, T0 + 3900), (T0 + 7120, T0 + 9000), (T0 + 10000, T0 + 12000)], Pairs(status.Gaps));
    }

    [Fact]
    public async Task A_file_being_written_covers_up_to_now_until_its_source_falls_silent()
    {
        // now = T0 + 3600: the live file's last keyframe is about a GOP old.
        using var f = new ArchiveFixture(nowUnix: T0 + 3600);
        f.AddRecord(3, T0, 3600, writing: true);
        var coverage = new RecordingCoverage(f.Catalog, f.Indexes, f.Clock);

        var live = await coverage.GetChannelAsync(3, At(T0));
        Assert.Equal([(T0, T0 + 3600)], Pairs(live.Ranges));
        Assert.Empty(live.Gaps);

        // Two minutes without a keyframe: the silence is a gap up to now, before the recorder
        // has flagged anything.
        f.Clock.Advance(TimeSpan.FromMinutes(2));
        var silent = await coverage.GetChannelAsync(3, At(T0));
        Assert.Equal([(T0 + 3600, T0 + 3720)], Pairs(silent.Gaps));
    }

    [Fact]
    public async Task A_live_file_without_a_keyframe_yet_covers_nothing_a_file_without_index_its_catalog_row()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 600);
        // The recorder opened the file (and its index) 10 minutes ago; the source never came.
        var live = f.AddRecord(3, T0, 600, writing: true);
        using (var index = new FileStream(KeyframeIndexFormat.IndexPathFor(live.Path), FileMode.Open))
        {
            index.SetLength(KeyframeIndexFormat.HeaderSize); // header only: no keyframe indexed
        }

        // Channel 4: an old file whose sidecar is gone.
        var old = f.AddRecord(4, T0 - 3600, 1800);
        File.Delete(KeyframeIndexFormat.IndexPathFor(old.Path));
        var coverage = new RecordingCoverage(f.Catalog, f.Indexes, f.Clock);

        var all = await coverage.GetAsync(null, At(T0 - 3600), At(T0 + 600));

        Assert.Empty(all[0].Ranges);
        Assert.Equal([(T0 - 3600, T0 + 600)], Pairs(all[0].Gaps));
        Assert.Equal([(T0 - 3600, T0 - 1800)], Pairs(all[1].Ranges));
    }

    [Fact]
    public async Task A_channel_without_records_is_one_gap_and_a_reversed_window_is_refused()
    {
        using var f = new ArchiveFixture();
        var coverage = new RecordingCoverage(f.Catalog, f.Indexes, f.Clock);
        var empty = await coverage.GetChannelAsync(9, At(T0), At(T0 + 60));
        Assert.Empty(empty.Ranges);
        Assert.Equal([(T0, T0 + 60)], Pairs(empty.Gaps));
        Assert.Empty(await coverage.GetAsync(null, At(T0), At(T0 + 60)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await coverage.GetAsync(3, At(T0 + 1), At(T0)));
    }

    [Fact]
    public void Subtract_and_complement_respect_the_window()
    {
        var range = new TimeRange(At(100), At(200));
        Assert.Equal([(100, 120), (130, 200)], Pairs(TimeRanges.Subtract(range, [new TimeRange(At(50), At(60)), new TimeRange(At(120), At(130)), new TimeRange(At(300), At(400))])));
        Assert.Empty(TimeRanges.Subtract(range, [new TimeRange(At(90), At(210))]));
        Assert.Equal([(0, 100), (200, 250)], Pairs(TimeRanges.Complement([range], At(0), At(250))));
        Assert.Equal([(100, 200)], Pairs(TimeRanges.Union([new TimeRange(At(150), At(200)), new TimeRange(At(100), At(150)), new TimeRange(At(160), At(170))])));
    }
}
