using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Tests.Monitoring;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Delivery;

/// <summary>
/// The shared index cache: in-place readers, a growing index seen at most
/// <see cref="RecordIndexCache.LiveRefreshInterval"/> stale, a finished one read once, eviction.
/// </summary>
public sealed class RecordIndexCacheTests : IDisposable
{
    private const int Big = KeyframeIndexReader.InPlaceTailLimit * 2 + 5;

    private readonly TempDirectory _dir = new("micropvr-idx-cache");
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public void Dispose() => _dir.Dispose();

    private static IndexEntry Entry(int i) => new(1_700_000_000_000 + (i * 2000L), 188L * 1000 * i, i * 180_000L, i % 10 == 4 ? IndexEntryFlags.Gap : IndexEntryFlags.None);

    private string NewRecord(int entries, out KeyframeIndexWriter writer)
    {
        var path = _dir.Combine($"c1_t{Guid.NewGuid().GetHashCode() & 0x7fffffff}_7.ts");
        writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path));
        Append(writer, 0, entries);
        return path;
    }

    private static void Append(KeyframeIndexWriter writer, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            writer.Append(Entry(i));
        }

        writer.Flush();
    }

    [Fact]
    public void Readers_search_in_place_and_are_shared()
    {
        var cache = new RecordIndexCache(_clock);
        var path = NewRecord(Big, out var writer);
        writer.Dispose();

        var reader = cache.Get(path, mayGrow: false);

        Assert.True(reader.InPlace);
        Assert.Equal(Big, reader.Count);
        Assert.Equal(0, reader.InMemoryCount);
        Assert.Equal(IndexEntryFlags.Gap, reader[14].Flags);
        Assert.Same(reader, cache.Get(path, mayGrow: false));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_growing_index_is_seen_after_the_live_interval_and_a_finished_one_is_read_once()
    {
        var cache = new RecordIndexCache(_clock);
        var path = NewRecord(Big, out var writer);
        using (writer)
        {
            var reader = cache.Get(path, mayGrow: true);
            Assert.Equal(Big, reader.Count);

            Append(writer, Big, 10);
            Assert.Equal(Big, cache.Get(path, mayGrow: true).Count); // within the live interval
            _clock.Advance(RecordIndexCache.LiveRefreshInterval);
            Assert.Equal(Big + 10, cache.Get(path, mayGrow: true).Count);
            Assert.Equal(Entry(Big + 9), reader.Last);

            // The recorder closes the file with its last entries; the next look as finished reads them.
            Append(writer, Big + 10, 3);
        }

        Assert.Equal(Big + 13, cache.Get(path, mayGrow: false).Count);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Big + 13, cache.Get(path, mayGrow: false).Count);
        Assert.Equal(Big + 12, cache.Get(path, mayGrow: false).FindAtOrBefore(long.MaxValue));
    }

    [Fact]
    public void An_evicted_record_is_read_afresh_and_a_holder_keeps_its_reader()
    {
        var cache = new RecordIndexCache(_clock);
        var path = NewRecord(Big, out var writer);
        writer.Dispose();
        var held = cache.Get(path, mayGrow: false);

        cache.Evict(path);
        Assert.Equal(0, cache.Count);
        File.Delete(KeyframeIndexFormat.IndexPathFor(path)); // retention deleted it

        // A stream that still holds the reader finishes cleanly; a new request finds nothing.
        Assert.Equal(Entry(Big - 1), held.Last);
        Assert.Equal(Big / 2, held.FindAtOrBefore(Entry(Big / 2).UtcMilliseconds + 1));
        var fresh = cache.Get(path, mayGrow: false);
        Assert.NotSame(held, fresh);
        Assert.Equal(0, fresh.Count);
    }

    [Fact]
    public void The_least_recently_used_reader_goes_beyond_the_bound()
    {
        var cache = new RecordIndexCache(_clock, maxReaders: 2);
        var paths = new string[3];
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = NewRecord(5, out var writer);
            writer.Dispose();
        }

        var first = cache.Get(paths[0], mayGrow: false);
        var second = cache.Get(paths[1], mayGrow: false);
        Assert.Same(first, cache.Get(paths[0], mayGrow: false)); // paths[1] is now the oldest
        cache.Get(paths[2], mayGrow: false);

        Assert.Equal(2, cache.Count);
        Assert.Same(first, cache.Get(paths[0], mayGrow: false));
        Assert.NotSame(second, cache.Get(paths[1], mayGrow: false));
        Assert.Equal(5, second.Count);
    }
}
