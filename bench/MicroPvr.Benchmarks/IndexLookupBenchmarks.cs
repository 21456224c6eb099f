using BenchmarkDotNet.Attributes;
using MicroPvr.Core.Recording;

namespace MicroPvr.Benchmarks;

/// <summary>
/// Index lookups behind /ts?timestamp= and get_file_and_offset (issue 5: p99 under 10 ms) over a
/// synthetic archive of daily records (43,200 keyframes a day): the binary search in one day's
/// index, loaded in memory and in place (memory map, what the daemon's cache does), the whole
/// seek as the daemon does it (catalog query, cached in-place index, search), the opening of a
/// day's index in place (what a seek pays when the cache does not hold that day yet: one
/// verifying pass over the file in the page cache and a map), and the load of a day's index into
/// memory (the loading reader the CLI tools use; what a cache miss cost before the in-place reader).
/// </summary>
[MemoryDiagnoser]
public class IndexLookupBenchmarks
{
    private const int Lookups = 1024;
    private BenchArchive _archive = null!;
    private KeyframeIndexReader _day = null!;
    private KeyframeIndexReader _dayInPlace = null!;
    private string _dayIndexPath = "";
    private long[] _times = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _archive = BenchArchive.Create(channels: 2, days: 2);
        var record = _archive.Catalog.FindRecordsAsync(1, DateTimeOffset.FromUnixTimeSeconds(_archive.From + 10), DateTimeOffset.FromUnixTimeSeconds(_archive.From + 10))
            .AsTask().GetAwaiter().GetResult()[0];
        _dayIndexPath = KeyframeIndexFormat.IndexPathFor(record.Path);
        _day = KeyframeIndexReader.Open(_dayIndexPath);
        _dayInPlace = KeyframeIndexReader.OpenInPlace(_dayIndexPath);
        var random = new Random(42);
        _times = new long[Lookups];
        for (var i = 0; i < _times.Length; i++)
        {
            _times[i] = (_archive.From + 60 + random.NextInt64((2 * 86400) - 120)) * 1000;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _archive.Dispose();

    /// <summary>Binary search of one day's index; times spread over two days (half land past its end).</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public int FindInDayIndex()
    {
        var sum = 0;
        foreach (var t in _times)
        {
            sum += _day.FindAtOrBefore(t);
        }

        return sum;
    }

    /// <summary>The same searches through the memory map of the day's index.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public int FindInDayIndexInPlace()
    {
        var sum = 0;
        foreach (var t in _times)
        {
            sum += _dayInPlace.FindAtOrBefore(t);
        }

        return sum;
    }

    /// <summary>A whole seek: catalog query for the covering record, cached index, search.</summary>
    [Benchmark]
    public async ValueTask<long> TimelineSeek()
    {
        var t = _times[_next++ & (Lookups - 1)];
        var span = await _archive.Timeline.StartAsync(1 + (_next & 1), DateTimeOffset.FromUnixTimeMilliseconds(t), null);
        return span?.StartOffset ?? -1;
    }

    /// <summary>A day's index opened in place from the page cache: verified, then mapped (an index-cache miss).</summary>
    [Benchmark]
    public int OpenDayIndexInPlace() => KeyframeIndexReader.OpenInPlace(_dayIndexPath).Count;

    /// <summary>A day's index read from the page cache into memory and checked (the loading reader).</summary>
    [Benchmark]
    public int LoadDayIndex()
    {
        var reader = new KeyframeIndexReader(_dayIndexPath);
        return reader.Refresh();
    }
}
