using BenchmarkDotNet.Attributes;
using MicroPvr.Core.Delivery;

namespace MicroPvr.Benchmarks;

/// <summary>
/// The sliding live playlist's window (<c>/CH/index.m3u8</c>, <see cref="LiveWindowPlanner"/>):
/// the catalog query and the slot walk of <see cref="LiveSegmentGrid"/>, which starts at the hour
/// (for EXT-X-DISCONTINUITY-SEQUENCE). The clock stands one second before the end of a synthetic
/// 2-day archive that ends on the hour, so the walk covers the whole hour: the worst case.
/// <c>MaxSegmentSeconds</c> 4 gives 2-s slots (1,800 in the hour), 10 gives 5-s slots (720).
/// </summary>
[MemoryDiagnoser]
public class LivePlaylistBenchmarks
{
    private BenchArchive _archive = null!;
    private LiveWindowPlanner _planner = null!;

    [Params(4, 10)]
    public int MaxSegmentSeconds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _archive = BenchArchive.Create(channels: 1, days: 2);
        _planner = new LiveWindowPlanner(_archive.Catalog, _archive.Indexes, new FixedTime(DateTimeOffset.FromUnixTimeSeconds(_archive.To - 1)));
        var window = PlanLiveWindow().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"// live window {MaxSegmentSeconds} s: {window?.Window.Segments.Count ?? 0} segments");
    }

    [GlobalCleanup]
    public void Cleanup() => _archive.Dispose();

    [Benchmark]
    public ValueTask<LiveWindow?> PlanLiveWindow() => _planner.PlanAsync(1, TimeSpan.FromSeconds(MaxSegmentSeconds));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
