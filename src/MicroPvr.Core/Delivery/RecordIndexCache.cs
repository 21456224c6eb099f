using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Open keyframe-index readers, shared by every request and bounded (least recently used out)
/// by the number of entries they hold, so a seek never re-reads an index from disk while the
/// memory stays capped (32 bytes per entry: the default 4 M entries is 128 MiB, about 35 days of
/// 1-second-GOP daily files). An index still being written is refreshed at most every
/// <see cref="LiveRefreshInterval"/>; the refresh reads only the appended tail.
/// </summary>
public sealed class RecordIndexCache
{
    /// <summary>How stale the in-memory copy of a growing index may be.</summary>
    public static readonly TimeSpan LiveRefreshInterval = TimeSpan.FromMilliseconds(200);

    private readonly TimeProvider _time;
    private readonly long _maxEntries;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Slot>> _byPath = new(StringComparer.Ordinal);
    private readonly LinkedList<Slot> _lru = new();
    private long _entries;

    public RecordIndexCache(TimeProvider time, long maxEntries = 4_000_000)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _time = time;
        _maxEntries = maxEntries;
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
                slot = new Slot(recordPath, new KeyframeIndexReader(KeyframeIndexFormat.IndexPathFor(recordPath)));
                _byPath.Add(recordPath, _lru.AddFirst(slot));
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
            Account(slot);
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
                _entries -= node.Value.AccountedEntries;
            }
        }
    }

    private void Account(Slot slot)
    {
        lock (_lock)
        {
            if (!_byPath.ContainsKey(slot.Path))
            {
                return; // evicted meanwhile
            }

            var count = slot.Reader.Count;
            _entries += count - slot.AccountedEntries;
            slot.AccountedEntries = count;
            // Keep the most recent reader even if alone it is over the budget.
            while (_entries > _maxEntries && _lru.Count > 1)
            {
                var victim = _lru.Last!;
                _lru.RemoveLast();
                _byPath.Remove(victim.Value.Path);
                _entries -= victim.Value.AccountedEntries;
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

        public int AccountedEntries { get; set; }
    }
}
