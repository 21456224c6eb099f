using BenchmarkDotNet.Attributes;
using MicroPvr.Core.Delivery;

namespace MicroPvr.Benchmarks;

/// <summary>
/// The sliding live playlist's window (<c>/CH/index.m3u8</c>, <see cref="LiveWindowPlanner"/>):
/// the catalog query and the slot walk of <see cref="LiveSegmentGrid"/>, which counts
/// EXT-X-DISCONTINUITY-SEQUENCE on from the channel's <see cref="LiveDiscontinuityMark"/>. The clock
/// stands one second before the end of a synthetic 2-day archive.
/// <c>PlanLiveWindow</c>: a reload, the planner following its mark in memory (every reload but
/// the first of a process). <c>PlanLiveWindowFromMarkAnHourBack</c>: the first reload of a
/// restarted daemon whose stored mark is just under <see cref="LiveWindowPlanner.StaleAfter"/> old
/// (the longest walk there can be: the whole hour, as every reload walked before the marks).
/// <c>MaxSegmentSeconds</c> 4 gives 2-s slots (1,800 in the hour), 10 gives 5-s slots (720).
/// </summary>
[MemoryDiagnoser]
public class LivePlaylistBenchmarks
{
    private BenchArchive _archive = null!;
    private LiveWindowPlanner _planner = null!;
    private FixedMarkStore _hourBack = null!;
    private FixedTime _time = null!;

    [Params(4, 10)]
    public int MaxSegmentSeconds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _archive = BenchArchive.Create(channels: 1, days: 2);
        _time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(_archive.To - 1));
        _planner = new LiveWindowPlanner(_archive.Catalog, _archive.Indexes, _time);
        var window = PlanLiveWindow().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"// live window {MaxSegmentSeconds} s: {window?.Window.Segments.Count ?? 0} segments, discontinuity sequence {window?.DiscontinuitySequence}");
        var slotMs = LiveSegmentGrid.SlotMilliseconds(TimeSpan.FromSeconds(MaxSegmentSeconds));
        var hourBack = LiveSegmentGrid.SlotOf(_time.GetUtcNow().ToUnixTimeMilliseconds() - (long)LiveWindowPlanner.StaleAfter(slotMs).TotalMilliseconds, slotMs) + 1;
        _hourBack = new FixedMarkStore(new LiveDiscontinuityMark(1, slotMs, hourBack, 1_000));
        var fromHourBack = PlanLiveWindowFromMarkAnHourBack().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"// from a mark {_time.GetUtcNow().ToUnixTimeMilliseconds() - (hourBack * slotMs)} ms back: discontinuity sequence {fromHourBack?.DiscontinuitySequence}");
    }

    [GlobalCleanup]
    public void Cleanup() => _archive.Dispose();

    [Benchmark]
    public ValueTask<LiveWindow?> PlanLiveWindow() => _planner.PlanAsync(1, TimeSpan.FromSeconds(MaxSegmentSeconds));

    [Benchmark]
    public ValueTask<LiveWindow?> PlanLiveWindowFromMarkAnHourBack() =>
        new LiveWindowPlanner(_archive.Catalog, _archive.Indexes, _time, _hourBack).PlanAsync(1, TimeSpan.FromSeconds(MaxSegmentSeconds));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A stored mark that stays where it is (each invocation is a restarted daemon's first reload).</summary>
    private sealed class FixedMarkStore(LiveDiscontinuityMark mark) : ILiveDiscontinuityStore
    {
        public ValueTask<LiveDiscontinuityMark?> GetLiveDiscontinuityMarkAsync(int channelId, CancellationToken ct = default) =>
            ValueTask.FromResult<LiveDiscontinuityMark?>(mark);

        public ValueTask<LiveDiscontinuityMark> ReplaceLiveDiscontinuityMarkAsync(LiveDiscontinuityMark? expected, LiveDiscontinuityMark next, CancellationToken ct = default) =>
            ValueTask.FromResult(mark);
    }
}
