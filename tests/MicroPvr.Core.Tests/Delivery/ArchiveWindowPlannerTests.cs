using System.Buffers;
using System.Text;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tests.Delivery;

public class ArchiveWindowPlannerTests
{
    private const long T0 = 1_700_000_000;
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    private static DateTimeOffset At(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix);

    [Fact]
    public async Task Segments_are_cut_at_keyframes_no_longer_than_the_maximum_and_contiguous()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 3600, gopMs: 3000);
        var w = await new ArchiveWindowPlanner(f.Timeline).PlanAsync(3, At(T0 + 100), At(T0 + 400), null, Max, default);

        Assert.True(w.Complete);
        Assert.All(w.Segments, s => Assert.True(s.DurationSeconds <= 10));
        Assert.All(w.Segments, s => Assert.Equal(0, s.ByteOffset % ArchiveFixture.BytesPerGop));
        Assert.Equal(9.0, w.Segments[0].DurationSeconds, 3); // three 3-second GOPs
        Assert.True(w.Segments[0].StartUtc <= At(T0 + 100));
        Assert.True(w.Segments[^1].StartUtc < At(T0 + 400));
        Assert.True(w.Segments[^1].StartUtc + TimeSpan.FromSeconds(w.Segments[^1].DurationSeconds) >= At(T0 + 400));
        for (var i = 1; i < w.Segments.Count; i++)
        {
            Assert.Equal(w.Segments[i - 1].ByteOffset + w.Segments[i - 1].Length, w.Segments[i].ByteOffset);
            Assert.False(w.Segments[i].Discontinuity);
        }
    }

    [Fact]
    public async Task A_gap_in_the_index_starts_a_discontinuity()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600, gopMs: 2000, flags: k => k == 20 ? IndexEntryFlags.Gap : IndexEntryFlags.None, extraMs: k => k >= 20 ? 30_000 : 0);
        var w = await new ArchiveWindowPlanner(f.Timeline).PlanAsync(3, At(T0), At(T0 + 120), null, Max, default);
        var disc = w.Segments.Where(s => s.Discontinuity).ToList();
        Assert.Single(disc);
        Assert.Equal(20 * ArchiveFixture.BytesPerGop, disc[0].ByteOffset);
        // The segment before the gap does not stretch over the silence.
        var before = w.Segments[w.Segments.ToList().IndexOf(disc[0]) - 1];
        Assert.True(before.DurationSeconds <= 10);
    }

    [Fact]
    public async Task Window_across_the_daily_overlap_has_no_duplicate_or_missing_time()
    {
        using var f = new ArchiveFixture();
        var a = f.AddRecord(3, T0, 3600);
        var b = f.AddRecord(3, T0 + 3520, 3600, taskId: 8);
        var w = await new ArchiveWindowPlanner(f.Timeline).PlanAsync(3, At(T0 + 3400), At(T0 + 3800), null, Max, default);

        Assert.Contains(w.Segments, s => s.Record.Path == a.Path);
        Assert.Contains(w.Segments, s => s.Record.Path == b.Path);
        Assert.Single(w.Segments, s => s.Discontinuity);
        for (var i = 1; i < w.Segments.Count; i++)
        {
            var prevEnd = w.Segments[i - 1].StartUtc.AddSeconds(w.Segments[i - 1].DurationSeconds);
            Assert.Equal(prevEnd, w.Segments[i].StartUtc);
        }
    }

    [Fact]
    public async Task A_growing_record_gives_an_open_window_that_only_appends()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 120);
        var r = f.AddRecord(3, T0, 60, writing: true);
        var planner = new ArchiveWindowPlanner(f.Timeline);
        var first = await planner.PlanAsync(3, At(T0), At(T0 + 3600), null, Max, default);
        Assert.False(first.Complete);
        // Keyframes up to +58.2 s: whole 10-second segments only, the open one is held back.
        Assert.All(first.Segments, s => Assert.True(s.DurationSeconds > 9.9));

        using (var writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(r.Path)))
        {
            for (var k = 30; k < 60; k++)
            {
                var utc = (T0 * 1000) + 200 + (k * 2000L);
                writer.Append(new IndexEntry(utc, k * ArchiveFixture.BytesPerGop, ArchiveFixture.Pts(utc), IndexEntryFlags.None));
            }
        }

        f.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await planner.PlanAsync(3, At(T0), At(T0 + 3600), null, Max, default);
        Assert.True(second.Segments.Count > first.Segments.Count);
        Assert.Equal(first.Segments, second.Segments.Take(first.Segments.Count));
    }

    [Fact]
    public async Task An_over_long_keyframe_interval_is_split_by_bytes()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600, gopMs: 25_000);
        var w = await new ArchiveWindowPlanner(f.Timeline).PlanAsync(3, At(T0), At(T0 + 60), null, Max, default);
        Assert.All(w.Segments, s => Assert.True(s.DurationSeconds <= 10));
        Assert.All(w.Segments, s => Assert.Equal(0, s.Length % 188));
        Assert.Equal(3, w.Segments.Count(s => s.ByteOffset < ArchiveFixture.BytesPerGop));
    }

    [Fact]
    public async Task Byte_range_playlist_for_a_past_window()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600, gopMs: 5000);
        var w = await new ArchiveWindowPlanner(f.Timeline).PlanAsync(3, At(T0), At(T0 + 20), null, Max, default);
        var buffer = new ArrayBufferWriter<byte>();
        ArchivePlaylistBuilder.Write(buffer, w, SegmentUriStyle.ByteRange, r => "ch_3/" + Path.GetFileName(r.Path), minTargetSeconds: 10);
        const string expected = """
            #EXTM3U
            #EXT-X-VERSION:4
            #EXT-X-TARGETDURATION:10
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:20.200Z
            #EXTINF:10.000,
            #EXT-X-BYTERANGE:376000@0
            ch_3/c3_t1700000000_7.ts
            #EXTINF:10.000,
            #EXT-X-BYTERANGE:376000@376000
            ch_3/c3_t1700000000_7.ts
            #EXT-X-ENDLIST

            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public async Task Segment_file_playlist_names_record_offset_and_length()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 30);
        var r = f.AddRecord(3, T0, 600, gopMs: 5000, writing: true);
        var w = await new ArchiveWindowPlanner(f.Timeline).PlanAsync(3, At(T0), null, null, Max, default);
        var buffer = new ArrayBufferWriter<byte>();
        ArchivePlaylistBuilder.Write(buffer, w, SegmentUriStyle.SegmentFile, null, minTargetSeconds: 10);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT\n", text);
        Assert.Contains($"\nseg-{r.Id}-0-376000.ts\n", text);
        Assert.DoesNotContain("ENDLIST", text);
    }
}
