using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tests.Delivery;

/// <summary>
/// Numbering of the sliding live playlist (RFC 8216 §6.2.2, §6.3.2): a segment keeps its URI and
/// number across reloads, the record seam and a restart; numbers grow by one per segment.
/// </summary>
public class LiveSegmentGridTests
{
    private const long T0 = 1_700_000_000;
    private const long T1 = 1_780_000_000; // 2026, after LiveDiscontinuityMark's floor origin
    private const int Gop = 2000;
    private const int FirstKeyframeMs = 200;
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);
    private static readonly long SlotMs = LiveSegmentGrid.SlotMilliseconds(Max);

    [Fact]
    public void Slots_are_half_the_longest_segment_and_numbered_from_the_epoch()
    {
        Assert.Equal(5000, SlotMs);
        Assert.Equal(500, LiveSegmentGrid.SlotMilliseconds(TimeSpan.FromSeconds(1)));
        Assert.Equal(T0 / 5, LiveSegmentGrid.SlotOf(T0 * 1000, SlotMs));
        Assert.Equal((T0 / 5) - 1, LiveSegmentGrid.SlotOf((T0 * 1000) - 1, SlotMs));
        Assert.Equal(-1, LiveSegmentGrid.SlotOf(-1, SlotMs));
    }

    [Fact]
    public async Task Each_segment_is_the_slot_of_its_first_keyframe_and_numbers_are_consecutive()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 300);
        f.AddRecord(3, T0, 300, gopMs: Gop, writing: true);
        var live = await Planner(f).PlanAsync(3, Max);

        Assert.NotNull(live);
        Assert.Equal(LiveSegmentGrid.WindowSegments, live.Window.Segments.Count);
        Assert.False(live.Window.Complete);
        for (var i = 0; i < live.Window.Segments.Count; i++)
        {
            var s = live.Window.Segments[i];
            Assert.Equal(live.MediaSequence + i, LiveSegmentGrid.SlotOf(s.StartUtc.ToUnixTimeMilliseconds(), SlotMs));
            // A slot plus at most one keyframe interval: never over the target duration.
            Assert.InRange(s.DurationSeconds, 4, 6);
            Assert.False(s.Discontinuity);
            if (i > 0)
            {
                var p = live.Window.Segments[i - 1];
                Assert.Equal(p.ByteOffset + p.Length, s.ByteOffset);
            }
        }

        // The newest listed segment ends at the last keyframe: nothing still growing is published.
        var last = live.Window.Segments[^1];
        Assert.True(last.StartUtc.AddSeconds(last.DurationSeconds) <= DateTimeOffset.FromUnixTimeSeconds(T0 + 300));
    }

    [Fact]
    public async Task Reloads_across_the_record_seam_keep_every_number_and_never_repeat_or_skip_time()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 150);
        // Run A from T0 (ends at +200 s), run B of the same task from +120 s (the 80-second overlap).
        var a = f.AddRecord(3, T0, 150, gopMs: Gop, writing: true, taskId: 7);
        var b = f.AddRecord(3, T0 + 120, 30, gopMs: Gop, writing: true, taskId: 8);
        var planner = Planner(f);
        var seen = new Numbering();
        var sawB = false;
        long? sequence = null;
        for (var now = T0 + 150; now <= T0 + 320; now += 3)
        {
            Grow(a, T0, Math.Min(now, T0 + 200));
            Grow(b, T0 + 120, now);
            if (now >= T0 + 203 && a.IsWriting)
            {
                // The recorder closes A a few seconds after its end.
                a = a with { IsWriting = false, Stop = DateTimeOffset.FromUnixTimeSeconds(T0 + 200) };
                f.Catalog.Replace(a);
            }

            f.Clock.Advance(TimeSpan.FromSeconds(3));
            var live = await planner.PlanAsync(3, Max);
            Assert.NotNull(live);
            seen.Check(live);
            // The seam is no discontinuity: the count never moves.
            sequence ??= live.DiscontinuitySequence;
            Assert.Equal(sequence, live.DiscontinuitySequence);
            sawB |= live.Window.Segments.Any(s => s.Record.Id == b.Id);
            for (var i = 1; i < live.Window.Segments.Count; i++)
            {
                var p = live.Window.Segments[i - 1];
                var s = live.Window.Segments[i];
                // One timeline: each segment starts with the frame after the previous one's last.
                Assert.Equal(p.StartUtc.AddSeconds(p.DurationSeconds), s.StartUtc);
                Assert.False(s.Discontinuity);
            }
        }

        Assert.True(sawB);
        Assert.Contains(seen.Uris, u => u.StartsWith($"{a.Id}-", StringComparison.Ordinal));

        // Retention deletes the finished record: the window (all in B by now), its numbers and
        // its discontinuity sequence stay, in this planner and in a restarted one.
        f.Catalog.Remove(a.Id);
        foreach (var after in new[] { planner, new LiveWindowPlanner(f.Catalog, new RecordIndexCache(f.Clock), f.Clock) })
        {
            var live = await after.PlanAsync(3, Max);
            Assert.NotNull(live);
            seen.Check(live);
            Assert.Equal(sequence, live.DiscontinuitySequence);
        }
        // The windows slid over the whole seam: every slot from the first listed to the last was seen once.
        Assert.Equal(seen.Numbers.Max() - seen.Numbers.Min() + 1, seen.Numbers.Count);
    }

    [Fact]
    public async Task A_restarted_daemon_lists_the_same_segments_with_the_same_numbers()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 240);
        f.AddRecord(3, T0, 200, gopMs: Gop, taskId: 7);
        f.AddRecord(3, T0 + 120, 120, gopMs: Gop, writing: true, taskId: 8);
        var before = await Planner(f).PlanAsync(3, Max);
        var after = await new LiveWindowPlanner(f.Catalog, new RecordIndexCache(f.Clock), f.Clock).PlanAsync(3, Max);

        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.Equal(before.MediaSequence, after.MediaSequence);
        Assert.Equal(before.DiscontinuitySequence, after.DiscontinuitySequence);
        Assert.Equal(before.Window.Segments.Select(Uri), after.Window.Segments.Select(Uri));
    }

    [Fact]
    public async Task After_a_loss_of_the_source_longer_than_a_slot_the_window_starts_after_it()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 130);
        // Keyframes stop at +40 s and resume 30 s later, flagged as a gap by the recorder.
        f.AddRecord(3, T0, 100, gopMs: Gop, writing: true, flags: k => k == 20 ? IndexEntryFlags.Gap : IndexEntryFlags.None,
            extraMs: k => k >= 20 ? 30_000 : 0);
        var live = await Planner(f).PlanAsync(3, Max);

        Assert.NotNull(live);
        Assert.All(live.Window.Segments, s => Assert.True(s.StartUtc >= DateTimeOffset.FromUnixTimeSeconds(T0 + 70)));
        Assert.All(live.Window.Segments, s => Assert.InRange(s.DurationSeconds, 1, Max.TotalSeconds));
        // A new count (no mark yet) starts just before the window, at its floor; the gap is before it.
        var anchor = LiveSegmentGrid.SlotOf((T0 + 130) * 1000, SlotMs) - LiveSegmentGrid.WindowSegments - 2;
        Assert.Equal(LiveDiscontinuityMark.FloorAt(anchor * SlotMs), live.DiscontinuitySequence);
        for (var i = 0; i < live.Window.Segments.Count; i++)
        {
            Assert.Equal(live.MediaSequence + i, LiveSegmentGrid.SlotOf(live.Window.Segments[i].StartUtc.ToUnixTimeMilliseconds(), SlotMs));
        }
    }

    [Fact]
    public async Task When_the_source_is_back_after_a_loss_the_window_before_it_stays_listed_until_a_new_segment_is_whole()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 73);
        // Keyframes every 2 s stop at +38.2 s and resume 30 s later (+70.2, +72.2), flagged as a gap.
        var r = f.AddRecord(3, T0, 44, gopMs: Gop, writing: true, flags: k => k == 20 ? IndexEntryFlags.Gap : IndexEntryFlags.None,
            extraMs: k => k >= 20 ? 30_000 : 0);
        var planner = Planner(f);
        var seen = new Numbering();

        // The slot [70, 75) is not whole yet: the run before the loss is still listed (not a 404).
        var before = await planner.PlanAsync(3, Max);
        Assert.NotNull(before);
        seen.Check(before);
        // (A new count's walk starts a few slots before the window: here at +23 s, so three segments.)
        Assert.InRange(before.Window.Segments.Count, 3, LiveSegmentGrid.WindowSegments);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds((T0 * 1000) + 36_200), before.Window.Segments[^1].StartUtc);

        // Two more keyframes after the loss (+74.2, +76.2): the new run has its first whole segment.
        var path = KeyframeIndexFormat.IndexPathFor(r.Path);
        using (var writer = KeyframeIndexWriter.Open(path))
        {
            foreach (var k in new[] { 22, 23 })
            {
                var utc = (T0 * 1000) + FirstKeyframeMs + ((long)k * Gop) + 30_000;
                writer.Append(new IndexEntry(utc, k * ArchiveFixture.BytesPerGop, ArchiveFixture.Pts(utc), IndexEntryFlags.None));
            }

            writer.Flush();
        }

        f.Clock.Advance(TimeSpan.FromSeconds(4));
        var after = await planner.PlanAsync(3, Max);
        Assert.NotNull(after);
        seen.Check(after);
        // The window starts anew after the loss; its first segment's discontinuity is counted once.
        Assert.All(after.Window.Segments, s => Assert.True(s.StartUtc >= DateTimeOffset.FromUnixTimeSeconds(T0 + 70)));
        Assert.Equal(before.DiscontinuitySequence + 1, after.DiscontinuitySequence);
    }

    [Fact]
    public async Task A_source_restart_inside_a_slot_is_a_discontinuity_whose_sequence_stays_with_its_segment()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 80);
        // A restart flagged at the keyframe of +62.2 s (inside the slot [60, 65)).
        var r = f.AddRecord(3, T0, 80, gopMs: Gop, writing: true, flags: k => k == 31 ? IndexEntryFlags.Discontinuity : IndexEntryFlags.None);
        var planner = Planner(f);
        var seen = new Numbering();
        var sawTag = false;
        for (var now = T0 + 80; now <= T0 + 200; now += 2)
        {
            Grow(r, T0, now, k => k == 31 ? IndexEntryFlags.Discontinuity : IndexEntryFlags.None);
            f.Clock.Advance(TimeSpan.FromSeconds(2));
            var live = await planner.PlanAsync(3, Max);
            Assert.NotNull(live);
            seen.Check(live);
            var tagged = live.Window.Segments.Where(s => s.Discontinuity).ToList();
            Assert.True(tagged.Count <= 1);
            if (tagged.Count == 1)
            {
                sawTag = true;
                // The segment of the slot before ends at the restart; the rest of that slot joins the next one.
                Assert.Equal(31 * ArchiveFixture.BytesPerGop, tagged[0].ByteOffset);
                Assert.True(tagged[0].DurationSeconds <= Max.TotalSeconds);
            }
        }

        Assert.True(sawTag);
        Assert.Equal(seen.Numbers.Max() - seen.Numbers.Min() + 1, seen.Numbers.Count);
    }

    [Theory]
    [InlineData(7000, 0)]
    [InlineData(5000, 40)]
    public async Task A_keyframe_interval_as_long_as_a_slot_or_longer_still_gives_every_slot_one_segment(int gopMs, int jitterMs)
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 200);
        // Keyframes every gopMs, or every slot with a few ms of arrival jitter (some slots get two, some none).
        long Extra(int k) => jitterMs == 0 ? 0 : (k % 2 == 0 ? jitterMs : -jitterMs) - 200 + 4999;
        var r = f.AddRecord(3, T0, 200, gopMs: gopMs, writing: true, extraMs: k => Extra(k));
        var planner = Planner(f);
        var seen = new Numbering();
        for (var now = T0 + 200; now <= T0 + 300; now += 3)
        {
            using (var writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(r.Path)))
            {
                var path = KeyframeIndexFormat.IndexPathFor(r.Path);
                var k = (int)((new FileInfo(path).Length - KeyframeIndexFormat.HeaderSize) / KeyframeIndexFormat.EntrySize);
                for (; (T0 * 1000) + FirstKeyframeMs + ((long)k * gopMs) + Extra(k) < now * 1000; k++)
                {
                    var utc = (T0 * 1000) + FirstKeyframeMs + ((long)k * gopMs) + Extra(k);
                    writer.Append(new IndexEntry(utc, k * ArchiveFixture.BytesPerGop, ArchiveFixture.Pts(utc), IndexEntryFlags.None));
                }
            }

            f.Clock.Advance(TimeSpan.FromSeconds(3));
            var live = await planner.PlanAsync(3, Max);
            Assert.NotNull(live);
            Assert.Equal(LiveSegmentGrid.WindowSegments, live.Window.Segments.Count);
            seen.Check(live);
            Assert.All(live.Window.Segments, s => Assert.InRange(s.DurationSeconds, 0.001, Max.TotalSeconds));
            Assert.All(live.Window.Segments, s => Assert.Equal(0, s.Length % 188));
            for (var i = 1; i < live.Window.Segments.Count; i++)
            {
                var p = live.Window.Segments[i - 1];
                Assert.Equal(p.ByteOffset + p.Length, live.Window.Segments[i].ByteOffset);
                Assert.False(live.Window.Segments[i].Discontinuity);
            }
        }

        Assert.Equal(seen.Numbers.Max() - seen.Numbers.Min() + 1, seen.Numbers.Count);
    }

    [Fact]
    public async Task Nothing_is_listed_before_one_whole_slot_is_recorded()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 6);
        f.AddRecord(3, T0, 6, gopMs: Gop, writing: true);
        Assert.Null(await Planner(f).PlanAsync(3, Max));
    }

    [Fact]
    public async Task Each_restart_and_gap_is_counted_once_keeps_its_number_and_the_count_never_steps_back_across_the_hour()
    {
        // An hour starts at H. A source restart 5 minutes before it (the hour the old count
        // started from), a 30-s loss of the source just after it, another restart later.
        const long H = 1_780_002_000; // 2026-05-28T21:00:00Z
        Assert.Equal(0, H % 3600);
        var restartBefore = 150;
        var gapAfter = 300;
        var restartAfter = 400;
        IndexEntryFlags Flags(int k) => k == restartBefore || k == restartAfter ? IndexEntryFlags.Discontinuity : k == gapAfter ? IndexEntryFlags.Gap : IndexEntryFlags.None;
        using var f = new ArchiveFixture(nowUnix: H - 500);
        f.AddRecord(3, H - 600, 1300, gopMs: Gop, writing: true, flags: Flags, extraMs: k => k >= gapAfter ? 30_000 : 0);
        var planner = Planner(f);
        var seen = new Numbering();
        var sequences = new List<long>();
        for (var now = H - 500; now <= H + 600; now += 2)
        {
            f.Clock.Advance(TimeSpan.FromSeconds(2));
            var live = await planner.PlanAsync(3, Max);
            if (live is null)
            {
                // Only during the 30-s loss (the index, written in advance, already holds what
                // follows it, so these slots are known to be empty) until a whole slot is recorded again.
                Assert.InRange(f.Clock.GetUtcNow().ToUnixTimeSeconds() - H, 0, 45);
                continue;
            }

            seen.Check(live);
            Assert.True(sequences.Count == 0 || live.DiscontinuitySequence >= sequences[^1], $"the sequence went back at {now - H} s from the hour");
            sequences.Add(live.DiscontinuitySequence);
        }

        // Three discontinuities slid out of the window: the count grew by exactly three.
        Assert.Equal(3, sequences[^1] - sequences[0]);
        Assert.Equal(4, sequences.Distinct().Count());
        // A restarted daemon (new planner and index cache, the same stored mark) gives the same numbers.
        var restarted = await new LiveWindowPlanner(f.Catalog, new RecordIndexCache(f.Clock), f.Clock).PlanAsync(3, Max);
        Assert.NotNull(restarted);
        seen.Check(restarted);
        Assert.Equal(sequences[^1], restarted.DiscontinuitySequence);
    }

    [Fact]
    public async Task A_mark_nobody_followed_for_long_or_a_new_slot_length_starts_a_count_above_the_old_one()
    {
        using var f = new ArchiveFixture(nowUnix: T1 + 300);
        f.AddRecord(3, T1, 4 * 3600, gopMs: Gop, writing: true, flags: k => k % 50 == 49 ? IndexEntryFlags.Discontinuity : IndexEntryFlags.None);
        var planner = Planner(f);
        var first = await planner.PlanAsync(3, Max);
        Assert.NotNull(first);
        for (var i = 0; i < 200; i++)
        {
            f.Clock.Advance(TimeSpan.FromSeconds(3));
            Assert.NotNull(await planner.PlanAsync(3, Max));
        }

        var followed = await planner.PlanAsync(3, Max);
        Assert.NotNull(followed);
        // One restart every 100 s over 600 s: counted, not restarted from a floor.
        Assert.InRange(followed.DiscontinuitySequence - first.DiscontinuitySequence, 5, 7);

        // Nobody reloads for two hours: the stored mark is not followed; the new count is higher.
        f.Clock.Advance(TimeSpan.FromHours(2));
        var later = await Planner(f).PlanAsync(3, Max);
        Assert.NotNull(later);
        Assert.True(later.DiscontinuitySequence > followed.DiscontinuitySequence + (2 * 3600 / 100) - 1);

        // Another slot length (records-default-segment-size changed at a restart): a new count, higher again.
        var shorter = await Planner(f).PlanAsync(3, TimeSpan.FromSeconds(4));
        Assert.NotNull(shorter);
        Assert.True(shorter.DiscontinuitySequence > later.DiscontinuitySequence);
        // Every count stays below 2^31 (ExoPlayer parses EXT-X-DISCONTINUITY-SEQUENCE as an int) until 2058.
        Assert.InRange(LiveDiscontinuityMark.FloorAt(DateTimeOffset.Parse("2058-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()), 0, int.MaxValue);
    }

    [Fact]
    public async Task Two_planners_on_one_store_give_the_same_numbers_whichever_stored_the_mark()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 400);
        f.AddRecord(3, T0, 3600, gopMs: Gop, writing: true, flags: k => k % 40 == 39 ? IndexEntryFlags.Discontinuity : IndexEntryFlags.None);
        var one = Planner(f);
        var two = new LiveWindowPlanner(f.Catalog, new RecordIndexCache(f.Clock), f.Clock);
        var seen = new Numbering();
        for (var i = 0; i < 150; i++)
        {
            f.Clock.Advance(TimeSpan.FromSeconds(2));
            var a = await one.PlanAsync(3, Max);
            var b = await (i % 7 == 0 ? new LiveWindowPlanner(f.Catalog, new RecordIndexCache(f.Clock), f.Clock) : two).PlanAsync(3, Max);
            Assert.NotNull(a);
            Assert.NotNull(b);
            seen.Check(a);
            seen.Check(b);
            Assert.Equal(a.MediaSequence, b.MediaSequence);
            Assert.Equal(a.DiscontinuitySequence, b.DiscontinuitySequence);
        }
    }

    private static LiveWindowPlanner Planner(ArchiveFixture f) => new(f.Catalog, f.Indexes, f.Clock);

    private static string Uri(PlannedSegment s) => $"{s.Record.Id}-{s.ByteOffset}-{s.Length}";

    /// <summary>Appends the keyframes of a record (ArchiveFixture's pattern) up to <paramref name="toUnix"/>.</summary>
    private static void Grow(RecordFile r, long startUnix, long toUnix, Func<int, IndexEntryFlags>? flags = null)
    {
        var path = KeyframeIndexFormat.IndexPathFor(r.Path);
        var from = (int)((new FileInfo(path).Length - KeyframeIndexFormat.HeaderSize) / KeyframeIndexFormat.EntrySize);
        using var writer = KeyframeIndexWriter.Open(path);
        for (var k = from; ((long)k * Gop) + FirstKeyframeMs < (toUnix - startUnix) * 1000; k++)
        {
            var utc = (startUnix * 1000) + FirstKeyframeMs + ((long)k * Gop);
            writer.Append(new IndexEntry(utc, k * ArchiveFixture.BytesPerGop, ArchiveFixture.Pts(utc), flags?.Invoke(k) ?? IndexEntryFlags.None));
        }

        writer.Flush();
    }

    /// <summary>What a client learns from successive reloads: URI → number, number → URI, and each segment's discontinuity sequence.</summary>
    private sealed class Numbering
    {
        private readonly Dictionary<string, long> _byUri = [];
        private readonly Dictionary<long, string> _byNumber = [];
        private readonly Dictionary<string, long> _discontinuity = [];

        public IEnumerable<string> Uris => _byUri.Keys;

        public Dictionary<long, string>.KeyCollection Numbers => _byNumber.Keys;

        public void Check(LiveWindow live)
        {
            var tags = 0L;
            for (var i = 0; i < live.Window.Segments.Count; i++)
            {
                var s = live.Window.Segments[i];
                var uri = Uri(s);
                var number = live.MediaSequence + i;
                // RFC 8216 §6.3.2/§4.3.3.3: numbers follow the position; a tag before a segment counts for it.
                tags += i > 0 && s.Discontinuity ? 1 : 0;
                var cc = live.DiscontinuitySequence + tags;
                Assert.Equal(number, _byUri.GetValueOrDefault(uri, number));
                Assert.Equal(uri, _byNumber.GetValueOrDefault(number, uri));
                Assert.Equal(cc, _discontinuity.GetValueOrDefault(uri, cc));
                _byUri[uri] = number;
                _byNumber[number] = uri;
                _discontinuity[uri] = cc;
            }
        }
    }
}
