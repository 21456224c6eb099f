using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Open keyframe-index readers, shared by every request and bounded (least recently used out)
/// by their number. The readers search their index in place through a read-only memory map
/// (<see cref="KeyframeIndexReader.OpenInPlace"/>): opening one verifies the file once,
/// sequentially, from the page cache, and then a seek touches only the entries of its binary
/// search. What a reader holds in memory is at most <see cref="KeyframeIndexReader.InPlaceTailLimit"/>
/// entries (32 KiB) plus one mapping, so the default 2,048 readers (~40 days of 50 channels'
/// daily files) cost at most 64 MiB of heap and 2,048 of the process's memory maps; the mapped
/// pages are the kernel's page cache, shared and reclaimable. An index still being written is
/// refreshed at most every <see cref="LiveRefreshInterval"/>; the refresh reads only the appended tail.
/// </summary>
public sealed class RecordIndexCache
{
    /// <summary>How stale the in-memory copy of a growing index may be.</summary>
    public static readonly TimeSpan LiveRefreshInterval = TimeSpan.FromMilliseconds(200);

    private readonly TimeProvider _time;
    private readonly int _maxReaders;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Slot>> _byPath = new(StringComparer.Ordinal);
    private readonly LinkedList<Slot> _lru = new();

    public RecordIndexCache(TimeProvider time, int maxReaders = 2048)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReaders, 1);
        _time = time;
        _maxReaders = maxReaders;
    }

    /// <summary>Readers held right now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byPath.Count;
            }
        }
    }

    /// <summary>The reader of a record's index, refreshed if the record may have grown.</summary>
    public KeyframeIndexReader Get(RecordFile record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Get(record.Path, record.IsWriting);
    }

    /// <summary>The reader of a record file's index (<c>&lt;path&gt;.idx</c>).</summary>
    public KeyframeIndexReader Get(string recordPath, bool mayGrow)
    {
        var now = _time.GetTimestamp();
        Slot slot;
        lock (_lock)
        {
            if (_byPath.TryGetValue(recordPath, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                slot = node.Value;
            }
            else
            {
                slot = new Slot(recordPath, new KeyframeIndexReader(KeyframeIndexFormat.IndexPathFor(recordPath), inPlace: true));
                _byPath.Add(recordPath, _lru.AddFirst(slot));
                // A reader dropped here may still serve a stream that holds it; its map goes
                // when that stream is done with it (collected), not now.
                while (_lru.Count > _maxReaders)
                {
                    var victim = _lru.Last!;
                    _lru.RemoveLast();
                    _byPath.Remove(victim.Value.Path);
                }
            }
        }

        // Refresh outside the cache lock: it is file I/O, and the reader has its own lock.
        // A finished record is read once; a growing one (or one whose index was absent) again
        // once the previous copy is older than the live interval.
        // A record read while it grew and finished since then is read once more: its index got
        // the entries of the last second(s) when the writer closed it.
        var stale = slot.LastRefresh == 0
            || (!mayGrow && !slot.Final)
            || ((mayGrow || slot.Reader.Count == 0) && _time.GetElapsedTime(slot.LastRefresh, now) >= LiveRefreshInterval);
        if (stale)
        {
            slot.Reader.Refresh();
            slot.LastRefresh = now == 0 ? 1 : now;
            slot.Final = !mayGrow;
        }

        return slot.Reader;
    }

    /// <summary>Forgets a record (deleted by retention): its reader is dropped.</summary>
    public void Evict(string recordPath)
    {
        lock (_lock)
        {
            if (_byPath.Remove(recordPath, out var node))
            {
                _lru.Remove(node);
            }
        }
    }

    private sealed class Slot(string path, KeyframeIndexReader reader)
    {
        public string Path { get; } = path;

        public KeyframeIndexReader Reader { get; } = reader;

        public long LastRefresh { get; set; }

        /// <summary>Last read when the record was known to be finished: nothing more will come.</summary>
        public bool Final { get; set; }
    }
}
