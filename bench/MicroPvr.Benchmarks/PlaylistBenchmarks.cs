using System.Buffers;
using BenchmarkDotNet.Attributes;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;

namespace MicroPvr.Benchmarks;

/// <summary>
/// HLS byte-range archive playlists (issue 5: a 4-hour playlist in under 5 ms) over a synthetic
/// 2-day archive: <c>PlanAndWrite</c> is what serving a playlist costs after the nickname check
/// (the catalog query, the index walk that cuts segments at keyframes, no segment over the
/// default 60 s, and the text); <c>WriteOnly</c> is the text alone. The windows start 30 minutes
/// before a daily record boundary, so every one crosses from one file into the next.
/// </summary>
[MemoryDiagnoser]
public class PlaylistBenchmarks
{
    private static readonly TimeSpan MaxSegment = TimeSpan.FromSeconds(60);
    private readonly ArrayBufferWriter<byte> _output = new(256 * 1024);
    private BenchArchive _archive = null!;
    private ArchiveWindowPlanner _planner = null!;
    private PlannedWindow _planned = null!;
    private DateTimeOffset _start;

    [Params(2, 4, 24)]
    public int Hours { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _archive = BenchArchive.Create(channels: 1, days: 2);
        _planner = new ArchiveWindowPlanner(_archive.Timeline);
        _start = DateTimeOffset.FromUnixTimeSeconds(_archive.From + 86400 - 1800);
        _planned = _planner.PlanAsync(1, _start, _start.AddHours(Hours), null, MaxSegment).AsTask().GetAwaiter().GetResult();
        var bytes = PlanAndWrite().AsTask().GetAwaiter().GetResult();
        // The size goes to the log: BenchmarkDotNet reports time and allocation only.
        Console.WriteLine($"// playlist {Hours} h: {bytes} bytes, {_planned.Segments.Count} segments");
    }

    [GlobalCleanup]
    public void Cleanup() => _archive.Dispose();

    [Benchmark]
    public async ValueTask<int> PlanAndWrite()
    {
        var window = await _planner.PlanAsync(1, _start, _start.AddHours(Hours), null, MaxSegment);
        _output.ResetWrittenCount();
        ArchivePlaylistBuilder.Write(_output, window, SegmentUriStyle.ByteRange, UriOf, (int)MaxSegment.TotalSeconds);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int WriteOnly()
    {
        _output.ResetWrittenCount();
        ArchivePlaylistBuilder.Write(_output, _planned, SegmentUriStyle.ByteRange, UriOf, (int)MaxSegment.TotalSeconds);
        return _output.WrittenCount;
    }

    private static string UriOf(RecordFile record) => Path.GetFileName(record.Path);
}
