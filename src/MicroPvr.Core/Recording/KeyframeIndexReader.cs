namespace MicroPvr.Core.Recording;

/// <summary>
/// Reads a keyframe index sidecar (docs/recording-format.md) and answers "which entry is at or
/// before this time" by binary search. Works on a file that is still being written:
/// <see cref="Refresh"/> reads only what was appended since the last call. A torn, corrupt or
/// out-of-order entry ends the trusted part of the index; it is re-examined on the next refresh
/// (a concurrent append may just have been half-visible) but never returned.
/// Lookups are lock-free and safe from any thread while another thread refreshes.
/// </summary>
public sealed class KeyframeIndexReader
{
    private const int ReadChunkEntries = 4096;

    private readonly Lock _refreshLock = new();
    // Entries below View.Count never change; a refresh publishes a new view (array + count) in one
    // reference write, so lookups on other threads always see a consistent, sorted prefix.
    private View _view = new(new IndexEntry[64], 0);
    private long _validLength;
    private long _lastSeenLength = -1;
    private bool _headerChecked;

    /// <summary>Creates a reader; no I/O until <see cref="Refresh"/>. Prefer <see cref="Open"/>.</summary>
    public KeyframeIndexReader(string path)
    {
        Path = path;
    }

    /// <summary>The sidecar path.</summary>
    public string Path { get; }

    /// <summary>Number of trusted entries.</summary>
    public int Count => Volatile.Read(ref _view).Count;

    /// <summary>False when the file exists but its header is not a valid index header.</summary>
    public bool HeaderValid { get; private set; } = true;

    /// <summary>Bytes after the trusted entries at the last refresh that were ignored (torn, corrupt, or being written).</summary>
    public long IgnoredTailBytes { get; private set; }

    /// <summary>Opens and reads an index (an absent file gives an empty index).</summary>
    public static KeyframeIndexReader Open(string path)
    {
        var reader = new KeyframeIndexReader(path);
        reader.Refresh();
        return reader;
    }

    /// <summary>Opens the index of a record file (<c>&lt;record&gt;.idx</c>).</summary>
    public static KeyframeIndexReader OpenForRecord(string recordPath) => Open(KeyframeIndexFormat.IndexPathFor(recordPath));

    /// <summary>The entry at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public IndexEntry this[int index]
    {
        get
        {
            var view = Volatile.Read(ref _view);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, view.Count);
            return view.Entries[index];
        }
    }

    /// <summary>First entry, if any.</summary>
    public IndexEntry? First => Count > 0 ? this[0] : null;

    /// <summary>Last trusted entry, if any.</summary>
    public IndexEntry? Last
    {
        get
        {
            var view = Volatile.Read(ref _view);
            return view.Count > 0 ? view.Entries[view.Count - 1] : null;
        }
    }

    /// <summary>A copy of all trusted entries.</summary>
    public IndexEntry[] ToArray() => Snapshot().ToArray();

    /// <summary>
    /// Reads entries appended since the last call. Returns how many new entries became trusted.
    /// If the file shrank (the writer repaired a torn tail after a crash) the index is re-read.
    /// </summary>
    public int Refresh()
    {
        lock (_refreshLock)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            }
            catch (FileNotFoundException)
            {
                return 0;
            }
            catch (DirectoryNotFoundException)
            {
                return 0;
            }

            using (stream)
            {
                return RefreshFrom(stream);
            }
        }
    }

    private int RefreshFrom(FileStream stream)
    {
        var length = stream.Length;
        if (length == _lastSeenLength && IgnoredTailBytes == 0)
        {
            return 0;
        }

        _lastSeenLength = length;
        if (length < _validLength)
        {
            Reset();
        }

        if (!_headerChecked)
        {
            if (length < KeyframeIndexFormat.HeaderSize)
            {
                return 0;
            }

            Span<byte> header = stackalloc byte[KeyframeIndexFormat.HeaderSize];
            stream.ReadExactly(header);
            HeaderValid = KeyframeIndexFormat.IsValidHeader(header);
            if (!HeaderValid)
            {
                IgnoredTailBytes = length;
                return 0;
            }

            _headerChecked = true;
            _validLength = KeyframeIndexFormat.HeaderSize;
        }

        return ReadEntries(stream, length);
    }

    private int ReadEntries(FileStream stream, long length)
    {
        var added = 0;
        var buffer = new byte[KeyframeIndexFormat.EntrySize * ReadChunkEntries];
        stream.Position = _validLength;
        var count = _view.Count;
        var entries = _view.Entries;
        IndexEntry? last = count > 0 ? entries[count - 1] : null;
        var stop = false;
        while (!stop && _validLength + KeyframeIndexFormat.EntrySize <= length)
        {
            var wanted = (int)Math.Min(buffer.Length, (length - _validLength) / KeyframeIndexFormat.EntrySize * KeyframeIndexFormat.EntrySize);
            var read = stream.ReadAtLeast(buffer.AsSpan(0, wanted), wanted, throwOnEndOfStream: false);
            var whole = read - (read % KeyframeIndexFormat.EntrySize);
            if (whole == 0)
            {
                break;
            }

            for (var i = 0; i < whole; i += KeyframeIndexFormat.EntrySize)
            {
                if (!KeyframeIndexFormat.TryReadEntry(buffer.AsSpan(i, KeyframeIndexFormat.EntrySize), out var entry)
                    || (last is { } previous && !KeyframeIndexFormat.IsValidSuccessor(previous, entry)))
                {
                    stop = true;
                    break;
                }

                if (count == entries.Length)
                {
                    var grown = new IndexEntry[entries.Length * 2];
                    entries.AsSpan(0, count).CopyTo(grown);
                    entries = grown;
                }

                entries[count++] = entry;
                last = entry;
                added++;
                _validLength += KeyframeIndexFormat.EntrySize;
            }

            Volatile.Write(ref _view, new View(entries, count));
            if (read < wanted)
            {
                break;
            }
        }

        IgnoredTailBytes = length - _validLength;
        return added;
    }

    private void Reset()
    {
        Volatile.Write(ref _view, new View(new IndexEntry[64], 0));
        _validLength = 0;
        _headerChecked = false;
        HeaderValid = true;
        IgnoredTailBytes = 0;
    }

    /// <summary>Index of the last entry whose UTC is at or before <paramref name="utcMilliseconds"/>; -1 when all are later.</summary>
    public int FindAtOrBefore(long utcMilliseconds) => LastAtOrBefore(Snapshot(), utcMilliseconds, byOffset: false);

    /// <summary>Index of the first entry whose UTC is at or after <paramref name="utcMilliseconds"/>; -1 when all are earlier.</summary>
    public int FindAtOrAfter(long utcMilliseconds)
    {
        var entries = Snapshot();
        int lo = 0, hi = entries.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (entries[mid].UtcMilliseconds >= utcMilliseconds)
            {
                found = mid;
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return found;
    }

    /// <summary>Index of the last entry whose byte offset is at or before <paramref name="byteOffset"/>; -1 when none.</summary>
    public int FindByOffsetAtOrBefore(long byteOffset) => LastAtOrBefore(Snapshot(), byteOffset, byOffset: true);

    /// <summary>The entry at or before <paramref name="utc"/>, if any.</summary>
    public bool TryFindAtOrBefore(DateTimeOffset utc, out IndexEntry entry) => TryFindAtOrBefore(utc.ToUnixTimeMilliseconds(), out entry);

    /// <summary>The entry at or before <paramref name="utcMilliseconds"/> (unix ms), if any.</summary>
    public bool TryFindAtOrBefore(long utcMilliseconds, out IndexEntry entry)
    {
        var entries = Snapshot();
        var i = LastAtOrBefore(entries, utcMilliseconds, byOffset: false);
        entry = i >= 0 ? entries[i] : default;
        return i >= 0;
    }

    private ReadOnlySpan<IndexEntry> Snapshot()
    {
        var view = Volatile.Read(ref _view);
        return view.Entries.AsSpan(0, view.Count);
    }

    private static int LastAtOrBefore(ReadOnlySpan<IndexEntry> entries, long key, bool byOffset)
    {
        int lo = 0, hi = entries.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var value = byOffset ? entries[mid].ByteOffset : entries[mid].UtcMilliseconds;
            if (value <= key)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private sealed record View(IndexEntry[] Entries, int Count);
}
