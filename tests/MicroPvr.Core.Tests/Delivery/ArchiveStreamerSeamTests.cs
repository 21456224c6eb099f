using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Tests.Tasks.Doubles;
using static MicroPvr.Core.Tests.Delivery.ArchiveWindowPlannerSeamTests;

namespace MicroPvr.Core.Tests.Delivery;

/// <summary>
/// An endless MPEG-TS stream (/ts endless=1, timeshift_abs/rel .ts) that reaches the end of a record
/// which has just finished while the next run of its task records beside it (the 80-s overlap of
/// seamless periodic files, compat spec §3), before the next run's index (flushed about once a
/// second by its recorder) has the finished file's last keyframe. The records are the ones of
/// <see cref="ArchiveWindowPlannerSeamTests"/>: A's keyframe k at AUtc(k), B holds A's frames from
/// A's keyframe 1 on (B's entry k - 1). The files hold random bytes so the stream can be compared
/// byte for byte with what it should be made of.
/// </summary>
public class ArchiveStreamerSeamTests
{
    private const int FirstK = 20;
    private const int ALastK = 29;
    /// <summary>A's data ends 700 whole packets and a torn one after its last keyframe.</summary>
    private const long AWholePacketsEnd = (ALastK * ArchiveFixture.BytesPerGop) + (188 * 700);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly ArchiveStreamRequest Endless = new(Endless: true, EndUtc: null, Priority: null);

    [Fact]
    public async Task The_stream_waits_at_the_last_keyframe_until_the_next_runs_index_has_the_seam_then_continues_at_the_same_frame()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 60);
        var (a, b) = FinishAWithBBehind(f);
        var log = new CapturingLogger<ArchiveStreamer>();
        var sink = new CollectingSink();
        var streaming = new ArchiveStreamer(f.Timeline, null, log).StreamAsync(StartInA(f, a), Endless, sink, default);

        // Record A up to its last keyframe, and nothing after it while the seam is not known.
        var held = (ALastK - FirstK) * ArchiveFixture.BytesPerGop;
        await WaitUntil(() => sink.Count >= held || streaming.IsCompleted);
        await Task.Delay(TimeSpan.FromMilliseconds(700)); // a few of the streamer's polls
        Assert.False(streaming.IsCompleted, $"the stream ended after {sink.Count} bytes, before the seam was known");
        Assert.Equal(held, sink.Count);

        await ReleaseTheSeamAndCheckAsync(f, a, b, sink, log, streaming);
    }

    /// <summary>
    /// The same, for a viewer at the live edge of A while it is written: the stream knows B records
    /// beside A (the catalog poll), then A's recorder closes A and the catalog says it finished.
    /// </summary>
    [Fact]
    public async Task A_stream_at_the_live_edge_when_the_record_finishes_waits_at_its_last_keyframe_too()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 56);
        var a = f.AddRecord(3, T0, 54, writing: true); // keyframes 0..26 so far
        var b = f.AddRecord(3, T0 + 1, 50, writing: true, firstKeyframeDelayMs: 1200); // A's 1..25 so far
        FillRandom(a.Path, seed: 1);
        var log = new CapturingLogger<ArchiveStreamer>();
        var sink = new CollectingSink();
        var streaming = new ArchiveStreamer(f.Timeline, null, log).StreamAsync(StartInA(f, a), Endless, sink, default);

        // At A's live edge; once a second (of the clock) the stream asks the catalog and learns of B.
        await WaitUntil(() => sink.Count >= (27 - FirstK) * ArchiveFixture.BytesPerGop || streaming.IsCompleted);
        var finds = f.Catalog.FindCalls;
        f.Clock.Advance(TimeSpan.FromMilliseconds(1100));
        await WaitUntil(() => f.Catalog.FindCalls > finds || streaming.IsCompleted);

        // A's recorder writes the last GOPs and a torn one, closes file and index; the catalog says finished.
        AppendRandom(a.Path, AWholePacketsEnd + 100, seed: 3);
        Extend(a, 27, ALastK + 1, dataEnd: AWholePacketsEnd + 100);
        Extend(b, 26, 28);
        var finished = a with { IsWriting = false, Stop = DateTimeOffset.FromUnixTimeMilliseconds(AUtc(ALastK) + 1700) };
        f.Catalog.Replace(finished);
        f.Clock.Advance(TimeSpan.FromMilliseconds(1100));

        var held = (ALastK - FirstK) * ArchiveFixture.BytesPerGop;
        await WaitUntil(() => sink.Count >= held || streaming.IsCompleted);
        await Task.Delay(TimeSpan.FromMilliseconds(700)); // a few of the streamer's polls
        Assert.False(streaming.IsCompleted, $"the stream ended after {sink.Count} bytes, before the seam was known");
        Assert.Equal(held, sink.Count);
        await ReleaseTheSeamAndCheckAsync(f, finished, b, sink, log, streaming);
    }

    /// <summary>B's recorder flushes its index past the seam, then B finishes too (nothing follows it): the stream ends.</summary>
    private static async Task ReleaseTheSeamAndCheckAsync(ArchiveFixture f, RecordFile a, RecordFile b, CollectingSink sink, CapturingLogger<ArchiveStreamer> log, Task<long> streaming)
    {
        Extend(b, 28, 33);
        FillRandom(b.Path, seed: 2);
        f.Catalog.Replace(b with { IsWriting = false, Stop = DateTimeOffset.FromUnixTimeMilliseconds(AUtc(32)) });
        f.Clock.Advance(TimeSpan.FromSeconds(1)); // past the index cache's live refresh interval
        var total = await streaming.WaitAsync(Bound);

        // B's entry for A's keyframe 29 (the same frame) is 28.
        byte[] expected = [.. Slice(a.Path, FirstK * ArchiveFixture.BytesPerGop, ALastK * ArchiveFixture.BytesPerGop),
            .. Slice(b.Path, (ALastK - 1) * ArchiveFixture.BytesPerGop, new FileInfo(b.Path).Length)];
        Assert.Equal(expected.Length, total);
        Assert.True(expected.AsSpan().SequenceEqual(sink.Bytes), "the stream is not A up to its last keyframe followed by B from the same frame");
        Assert.Equal(1, log.Count(7110));
        Assert.Equal(0, log.Count(7113));
    }

    [Fact]
    public async Task When_the_next_runs_index_never_has_the_seam_the_stream_sends_the_record_to_its_end_after_the_wait_limit()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 60);
        var (a, _) = FinishAWithBBehind(f);
        var log = new CapturingLogger<ArchiveStreamer>();
        var sink = new CollectingSink();
        var streaming = new ArchiveStreamer(f.Timeline, null, log).StreamAsync(StartInA(f, a), Endless, sink, default);

        var held = (ALastK - FirstK) * ArchiveFixture.BytesPerGop;
        await WaitUntil(() => sink.Count >= held || streaming.IsCompleted);
        Assert.False(streaming.IsCompleted, $"the stream ended after {sink.Count} bytes, before the seam was known");
        // Time passes at the hold; the next run's index never gets there. The wait limit is 10 s.
        var waited = TimeSpan.Zero;
        for (; !streaming.IsCompleted && waited < TimeSpan.FromSeconds(60); waited += TimeSpan.FromSeconds(1))
        {
            Assert.Equal(held, sink.Count);
            f.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(250)); // one of the streamer's polls
        }

        await streaming.WaitAsync(Bound);
        Assert.True(waited >= TimeSpan.FromSeconds(10), $"gave up after {waited}");

        // The old behaviour: A to the end of its whole packets, then nothing follows.
        var end = FirstK * ArchiveFixture.BytesPerGop;
        Assert.True(Slice(a.Path, end, AWholePacketsEnd).AsSpan().SequenceEqual(sink.Bytes));
        Assert.Equal(1, log.Count(7113));
    }

    [Fact]
    public async Task A_stream_that_does_not_go_on_sends_the_finished_record_to_its_end_without_waiting()
    {
        using var f = new ArchiveFixture(nowUnix: T0 + 60);
        var (a, _) = FinishAWithBBehind(f);
        var log = new CapturingLogger<ArchiveStreamer>();
        var sink = new CollectingSink();
        await new ArchiveStreamer(f.Timeline, null, log).StreamAsync(StartInA(f, a), new ArchiveStreamRequest(false, null, null), sink, default).WaitAsync(Bound);

        Assert.True(Slice(a.Path, FirstK * ArchiveFixture.BytesPerGop, AWholePacketsEnd).AsSpan().SequenceEqual(sink.Bytes));
        Assert.Equal(0, log.Count(7113));
    }

    /// <summary>
    /// A's recorder closed its file (keyframes 0..29, a ragged GOP after the last) and the catalog
    /// says A finished; B (writing) has indexed A's frames up to keyframe 27 only.
    /// </summary>
    private static (RecordFile A, RecordFile B) FinishAWithBBehind(ArchiveFixture f)
    {
        var a = f.AddRecord(3, T0, 54, writing: true);
        var b = f.AddRecord(3, T0 + 1, 50, writing: true, firstKeyframeDelayMs: 1200);
        Extend(a, 27, ALastK + 1, dataEnd: AWholePacketsEnd + 100);
        Extend(b, 26, 28);
        FillRandom(a.Path, seed: 1);
        var finished = a with { IsWriting = false, Stop = DateTimeOffset.FromUnixTimeMilliseconds(AUtc(ALastK) + 1700) };
        f.Catalog.Replace(finished);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(-1, RecordSeam.IndexOfSameFrame(f.Indexes.Get(b), f.Indexes.Get(finished)[ALastK])); // the state this is about
        return (finished, b);
    }

    private static ArchiveSpan StartInA(ArchiveFixture f, RecordFile a) => new(a, f.Indexes.Get(a), FirstK, Discontinuity: false);

    private static void AppendRandom(string path, long toLength, int seed)
    {
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var bytes = new byte[toLength - file.Length];
        new Random(seed).NextBytes(bytes);
        file.Write(bytes);
    }

    private static void FillRandom(string path, int seed)
    {
        var bytes = new byte[new FileInfo(path).Length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
    }

    private static byte[] Slice(string path, long from, long to) => File.ReadAllBytes(path)[(int)from..(int)to];

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    /// <summary>Keeps every byte the streamer sends, in order.</summary>
    private sealed class CollectingSink : IArchiveSink
    {
        private readonly MemoryStream _sent = new();

        public int MaxRangeBytes => StreamArchiveSink.ChunkSize;

        public long Count
        {
            get
            {
                lock (_sent)
                {
                    return _sent.Length;
                }
            }
        }

        public byte[] Bytes
        {
            get
            {
                lock (_sent)
                {
                    return _sent.ToArray();
                }
            }
        }

        public async ValueTask<int> SendAsync(FileStream file, long offset, int count, CancellationToken ct)
        {
            var buffer = new byte[count];
            file.Position = offset;
            var n = await file.ReadAsync(buffer, ct);
            lock (_sent)
            {
                _sent.Write(buffer, 0, n);
            }

            return n;
        }
    }
}
