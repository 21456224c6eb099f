using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Tests.Monitoring;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Core.Tests.Delivery;

/// <summary>
/// An open window (an EVENT playlist from a time to now) across the end of a record whose next run
/// already records beside it (the 80-s overlap of a seamless periodic task, compat spec §3), planned
/// again at every state the finish goes through: the recorder flushes and closes the file and its
/// index, the catalog marks the record finished, and the next run's index (flushed once a second
/// by its own recorder, read at most every 200 ms) catches up with the last keyframe of the
/// finished file a little later. Every plan must list what the previous one listed, unchanged,
/// and only append (RFC 8216 §6.2.1).
/// </summary>
public class ArchiveWindowPlannerSeamTests
{
    internal const long T0 = 1_700_000_000;
    private const int GopMs = 2000;
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(4);

    // Record A: keyframe k at T0 + 0.2 s + k·2 s, byte offset k·BytesPerGop. Record B (the next run)
    // started 1 s later and holds the same frames (same wall-clock time and PTS) from A's keyframe 1.
    internal static long AUtc(int k) => (T0 * 1000) + 200 + ((long)k * GopMs);

    [Theory]
    // How far B's index had got when A was seen finished (A's last keyframe is k = 29):
    [InlineData(27)] // neither of A's last two keyframes
    [InlineData(28)] // A's last-but-one keyframe, not its last one
    [InlineData(29)] // both
    public async Task Every_plan_across_the_finish_of_a_record_extends_the_previous_one(int bReachesK)
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 56);
        // A is being written: its index holds keyframes 0..26; B's holds A's 1..25.
        var a = f.AddRecord(3, T0, 54, writing: true);
        var b = f.AddRecord(3, T0 + 1, 50, writing: true, firstKeyframeDelayMs: 1200);
        Assert.Equal(AUtc(25), KeyframeIndexReader.OpenForRecord(b.Path).Last!.Value.UtcMilliseconds);
        var planner = new ArchiveWindowPlanner(f.Timeline);
        var plans = new List<(string State, PlannedWindow Window)>();

        async Task PlanAsync(string state)
        {
            f.Clock.Advance(TimeSpan.FromSeconds(1)); // past the cache's live refresh interval
            plans.Add((state, await planner.PlanAsync(3, DateTimeOffset.FromUnixTimeMilliseconds(AUtc(0)), null, null, Max, default)));
        }

        await PlanAsync("writing");
        Extend(a, 27, 30, dataEnd: (29 * ArchiveFixture.BytesPerGop) + (188 * 700));
        Extend(b, 26, bReachesK + 1);
        await PlanAsync("A's recorder closed its file and index, the catalog still says writing");
        f.Catalog.Replace(a with { IsWriting = false, Stop = DateTimeOffset.FromUnixTimeMilliseconds(AUtc(29) + 1700) });
        await PlanAsync("the catalog says A finished");
        await PlanAsync("the catalog says A finished, planned again");
        Extend(b, bReachesK + 1, 33);
        await PlanAsync("B's index caught up");
        Extend(b, 33, 40);
        await PlanAsync("B grew on");

        for (var i = 1; i < plans.Count; i++)
        {
            var (before, now) = (plans[i - 1].Window.Segments, plans[i].Window.Segments);
            // What a playlist shows of a segment (the record's catalog row itself changes at the finish).
            Assert.True(now.Count >= before.Count && now.Take(before.Count).Select(Shown).SequenceEqual(before.Select(Shown)),
                $"'{plans[i].State}' changed what '{plans[i - 1].State}' listed:\nbefore: {Describe(before)}\nnow:    {Describe(now)}");
            Assert.False(plans[i].Window.Complete);
        }

        // The last plan crosses the seam at a keyframe: A up to its last keyframe, B from the same frame on.
        var last = plans[^1].Window.Segments;
        var seam = last.ToList().FindIndex(s => s.Record.Id == b.Id);
        Assert.True(seam > 0, Describe(last));
        Assert.Equal(29 * ArchiveFixture.BytesPerGop, last[seam - 1].ByteOffset + last[seam - 1].Length);
        Assert.Equal(AUtc(29), last[seam].StartUtc.ToUnixTimeMilliseconds());
        Assert.True(last[seam].Discontinuity);
        Assert.All(last.Take(seam), s => Assert.Equal(a.Id, s.Record.Id));
    }

    /// <summary>
    /// The same finish with the real recorder: one stager feeds two <see cref="RecordWriter"/>s (two
    /// runs of a task on one ingest) with a 10-s H.264 stream (a keyframe every 2 s), each writer
    /// flushing its index once a second of the (manual) clock, as in the daemon. The first run is
    /// stopped 0.2 s after a keyframe: its file and index are closed with that keyframe, while the
    /// second run's index on disk does not have it yet. The EVENT playlist planned right then
    /// must not list what a plan after the second run's next flush changes.
    /// </summary>
    [Fact]
    public async Task A_seam_planned_before_the_next_runs_index_has_it_is_not_listed_until_it_is_known()
    {
        using var f = new ArchiveFixture(nowUnix: T0);
        var bytes = File.ReadAllBytes(Path.Combine(Fixtures.Directory, "h264_aac.ts"));
        var fanOut = new FanOut();
        var stager = new KeyframeStager(fanOut, f.Clock.TimestampFrequency);
        var dir = Path.Combine(f.Dir.Path, "hdd", "ch_3");
        var (pathA, pathB) = (Path.Combine(dir, $"c3_t{T0}_7.ts"), Path.Combine(dir, $"c3_t{T0 + 1}_7.ts"));
        using var writerA = new RecordWriter(pathA, "test", stager.PsiPids, new RecordWriterOptions(), f.Clock, NullLogger.Instance);
        using var writerB = new RecordWriter(pathB, "test", stager.PsiPids, new RecordWriterOptions(), f.Clock, NullLogger.Instance);
        fanOut.Writers.AddRange([writerA, writerB]);
        RecordFile Row(string path, long start) => f.Catalog.Add(new RecordFile
        {
            TaskId = 7, ChannelId = 3, Path = path, RecordLocation = Path.Combine(f.Dir.Path, "hdd"), Priority = 50,
            Start = DateTimeOffset.FromUnixTimeSeconds(start), Stop = DateTimeOffset.FromUnixTimeSeconds(start), IsWriting = true,
        });
        var a = Row(pathA, T0);
        var b = Row(pathB, T0 + 1);

        // The stream is received in real time from T0 on: 10.02 s of media, 1316-byte datagrams.
        const double MediaMs = 10_021;
        var fed = 0;
        double FedMs() => fed * MediaMs / bytes.Length;
        void FeedUntil(double mediaMs) => FeedWhile(() => FedMs() < mediaMs);
        void FeedWhile(Func<bool> condition)
        {
            for (; fed < bytes.Length && condition(); fed += 1316)
            {
                var utc = (T0 * 1000.0) + (fed * MediaMs / bytes.Length);
                f.Clock.Advance(DateTimeOffset.FromUnixTimeMilliseconds((long)utc) - f.Clock.GetUtcNow());
                stager.Push(bytes.AsSpan(fed, Math.Min(1316, bytes.Length - fed)), f.Clock.GetTimestamp(), utc);
                foreach (var w in fanOut.Writers)
                {
                    w.Tick();
                }
            }
        }

        var planner = new ArchiveWindowPlanner(f.Timeline);
        var plans = new List<(string State, PlannedWindow Window)>();
        async Task PlanAsync(string state) =>
            plans.Add((state, await planner.PlanAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0), null, null, Max, default)));

        FeedUntil(5_000);
        await PlanAsync("both runs writing");
        // The fourth keyframe reaches both files; the first run is stopped 0.2 s later, before the
        // second run's recorder flushes its index again.
        FeedWhile(() => writerA.Keyframes < 4);
        FeedUntil(FedMs() + 200);
        await PlanAsync("both runs writing, later");
        fanOut.Writers.Remove(writerA);
        writerA.Dispose();
        await PlanAsync("the first run's recorder closed its file and index");
        var indexA = KeyframeIndexReader.OpenForRecord(pathA);
        Assert.Equal(4, indexA.Count);
        Assert.Equal(-1, RecordSeam.IndexOfSameFrame(KeyframeIndexReader.OpenForRecord(pathB), indexA.Last!.Value)); // the state this test is about
        f.Catalog.Replace(a with { IsWriting = false, Stop = f.Clock.GetUtcNow() });
        await PlanAsync("the catalog says the first run finished");
        f.Clock.Advance(TimeSpan.FromMilliseconds(100));
        await PlanAsync("the same, 100 ms later");
        FeedUntil(MediaMs);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        await PlanAsync("the second run's index has the seam");
        stager.Complete();
        writerB.Dispose();
        f.Catalog.Replace(b with { IsWriting = false, Stop = f.Clock.GetUtcNow() });
        await PlanAsync("the second run finished too");

        for (var i = 1; i < plans.Count; i++)
        {
            var (before, now) = (plans[i - 1].Window.Segments, plans[i].Window.Segments);
            Assert.True(now.Count >= before.Count && now.Take(before.Count).Select(Shown).SequenceEqual(before.Select(Shown)),
                $"'{plans[i].State}' changed what '{plans[i - 1].State}' listed:\nbefore: {Describe(before)}\nnow:    {Describe(now)}");
        }

        // The last plan leaves the first file at its last keyframe and goes on at the same frame in the second.
        var last = plans[^1].Window.Segments;
        var seam = last.ToList().FindIndex(s => s.Record.Path == pathB);
        Assert.True(seam > 0, string.Join('\n', plans.Select(p => $"{p.State}: {Describe(p.Window.Segments)}")));
        Assert.Equal(indexA.Last!.Value.ByteOffset, last[seam - 1].ByteOffset + last[seam - 1].Length);
        Assert.Equal(indexA.Last!.Value.UtcMilliseconds, last[seam].StartUtc.ToUnixTimeMilliseconds());
    }

    /// <summary>The record's recorder wrote keyframes [fromK, toK) (same frame times as A's) and data up to dataEnd.</summary>
    internal static void Extend(RecordFile record, int fromK, int toK, long? dataEnd = null)
    {
        // B's keyframe numbering is A's minus one (B started 1 s later and has A's frames from A's 1 on).
        var shift = record.Path.Contains($"_t{T0 + 1}_", StringComparison.Ordinal) ? 1 : 0;
        using (var writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(record.Path)))
        {
            for (var k = fromK; k < toK; k++)
            {
                var utc = AUtc(k);
                writer.Append(new IndexEntry(utc, (k - shift) * ArchiveFixture.BytesPerGop, ArchiveFixture.Pts(utc), IndexEntryFlags.None));
            }
        }

        using var ts = new FileStream(record.Path, FileMode.Open, FileAccess.Write);
        ts.SetLength(dataEnd ?? ((toK - shift) * ArchiveFixture.BytesPerGop));
    }

    private static (long, long, long, DateTimeOffset, double, bool) Shown(PlannedSegment s) =>
        (s.Record.Id, s.ByteOffset, s.Length, s.StartUtc, s.DurationSeconds, s.Discontinuity);

    private static string Describe(IReadOnlyList<PlannedSegment> segments) =>
        string.Join(' ', segments.Select(s => $"{s.Record.Id}:{s.ByteOffset}+{s.Length}"));

    /// <summary>The ingest hub's part: every attached writer gets every packet.</summary>
    private sealed class FanOut : IRecordOutput
    {
        public List<RecordWriter> Writers { get; } = [];

        public void WritePackets(ReadOnlySpan<byte> packets)
        {
            foreach (var w in Writers)
            {
                w.WritePackets(packets);
            }
        }

        public void WriteKeyframe(in KeyframeMark mark, ReadOnlySpan<byte> psi, ReadOnlySpan<byte> packets)
        {
            foreach (var w in Writers)
            {
                w.WriteKeyframe(mark, psi, packets);
            }
        }
    }
}
