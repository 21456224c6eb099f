using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace MicroPvr.Core.Recording;

/// <summary>
/// Reads a keyframe index sidecar (docs/recording-format.md) and answers "which entry is at or
/// before this time" by binary search. Works on a file that is still being written:
/// <see cref="Refresh"/> reads only what was appended since the last call. A torn, corrupt or
/// out-of-order entry ends the trusted part of the index; it is re-examined on the next refresh
/// (a concurrent append may just have been half-visible) but never returned.
/// Lookups are lock-free and safe from any thread while another thread refreshes.
/// <para>
/// Two ways to hold the entries. A loading reader (<see cref="Open"/>) copies them into memory
/// (32 bytes each). An in-place reader (<see cref="OpenInPlace"/>, what the delivery cache uses)
/// verifies them once, sequentially, and then searches them through a read-only memory map of the
/// file: a lookup touches the ~log2(n) entries of its binary search in the page cache, and the
/// reader holds at most <see cref="InPlaceTailLimit"/> entries in memory (what a growing index
/// gained since its last map; past that it maps the file again).
/// </para>
/// <para>
/// The map only ever covers verified entries, which no writer rewrites or cuts (the writer's
/// repair truncates at the first invalid entry by the same rules, so never below what we trusted):
/// a map never points past the end of its file, so it never faults. Unverified bytes are read with
/// ordinary reads, which see a concurrent truncation as a short read.
/// </para>
/// </summary>
public sealed class KeyframeIndexReader
{
    /// <summary>Most entries an in-place reader keeps in memory before it maps the file again (32 KiB).</summary>
    public const int InPlaceTailLimit = 1024;

    private const int ReadChunkEntries = 4096;

    private readonly Lock _refreshLock = new();
    private readonly bool _inPlace;
    // Entries below View.Count never change; a refresh publishes a new view in one reference write,
    // so lookups on other threads always see a consistent, sorted prefix.
    private KeyframeIndexView _view = KeyframeIndexView.Empty;
    private long _validLength;
    private long _lastSeenLength = -1;
    private bool _headerChecked;

    /// <summary>Creates a loading reader; no I/O until <see cref="Refresh"/>. Prefer <see cref="Open"/>.</summary>
    public KeyframeIndexReader(string path)
        : this(path, inPlace: false)
    {
    }

    /// <summary>Creates a reader; no I/O until <see cref="Refresh"/>.</summary>
    /// <param name="path">The sidecar path.</param>
    /// <param name="inPlace">Search the file through a memory map instead of loading its entries.</param>
    public KeyframeIndexReader(string path, bool inPlace)
    {
        Path = path;
        _inPlace = inPlace;
    }

    /// <summary>The sidecar path.</summary>
    public string Path { get; }

    /// <summary>True for a reader that searches the file in place (memory map).</summary>
    public bool InPlace => _inPlace;

    /// <summary>Number of trusted entries.</summary>
    public int Count => Volatile.Read(ref _view).Count;

    /// <summary>Trusted entries held in memory (the rest, if any, are read in place from the map).</summary>
    public int InMemoryCount => Volatile.Read(ref _view).InMemoryCount;

    /// <summary>False when the file exists but its header is not a valid index header.</summary>
    public bool HeaderValid { get; private set; } = true;

    /// <summary>Bytes after the trusted entries at the last refresh that were ignored (torn, corrupt, or being written).</summary>
    public long IgnoredTailBytes { get; private set; }

    /// <summary>Opens and reads an index into memory (an absent file gives an empty index).</summary>
    public static KeyframeIndexReader Open(string path)
    {
        var reader = new KeyframeIndexReader(path);
        reader.Refresh();
        return reader;
    }

    /// <summary>Opens an index, verifies it and searches it in place (an absent file gives an empty index).</summary>
    public static KeyframeIndexReader OpenInPlace(string path)
    {
        var reader = new KeyframeIndexReader(path, inPlace: true);
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
            return view[index];
        }
    }

    /// <summary>First entry, if any.</summary>
    public IndexEntry? First
    {
        get
        {
            var view = Volatile.Read(ref _view);
            return view.Count > 0 ? view[0] : null;
        }
    }

    /// <summary>Last trusted entry, if any.</summary>
    public IndexEntry? Last
    {
        get
        {
            var view = Volatile.Read(ref _view);
            return view.Count > 0 ? view[view.Count - 1] : null;
        }
    }

    /// <summary>A copy of all trusted entries.</summary>
    public IndexEntry[] ToArray()
    {
        var view = Volatile.Read(ref _view);
        var copy = new IndexEntry[view.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = view[i];
        }

        return copy;
    }

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
            stream.Position = 0;
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
        var view = _view;
        var mapped = view.MappedCount;
        var count = view.Count;
        var tail = view.Tail;
        IndexEntry? last = count > 0 ? view[count - 1] : null;
        var added = 0;
        // In place: once more entries than the tail limit are unmapped, stop keeping them and map
        // the verified file instead (at the end of this refresh). Decided up front when the
        // file's length already says so (a finished day opened: nothing is copied at all).
        var remap = _inPlace && count - mapped + ((length - _validLength) / KeyframeIndexFormat.EntrySize) > InPlaceTailLimit;
        var buffer = ArrayPool<byte>.Shared.Rent(KeyframeIndexFormat.EntrySize * ReadChunkEntries);
        try
        {
            stream.Position = _validLength;
            var stop = false;
            while (!stop && _validLength + KeyframeIndexFormat.EntrySize <= length)
            {
                var wanted = (int)Math.Min(KeyframeIndexFormat.EntrySize * ReadChunkEntries, (length - _validLength) / KeyframeIndexFormat.EntrySize * KeyframeIndexFormat.EntrySize);
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

                    remap = remap || (_inPlace && count - mapped >= InPlaceTailLimit);
                    if (!remap)
                    {
                        if (count - mapped == tail.Length)
                        {
                            var grown = new IndexEntry[Math.Max(64, tail.Length * 2)];
                            tail.AsSpan(0, count - mapped).CopyTo(grown);
                            tail = grown;
                        }

                        tail[count - mapped] = entry;
                    }

                    count++;
                    last = entry;
                    added++;
                    _validLength += KeyframeIndexFormat.EntrySize;
                }

                if (!remap)
                {
                    Volatile.Write(ref _view, new KeyframeIndexView(view.Map, mapped, tail, count));
                }

                if (read < wanted)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (remap && added > 0)
        {
            Volatile.Write(ref _view, new KeyframeIndexView(Map(stream, _validLength), count, [], count));
        }

        IgnoredTailBytes = length - _validLength;
        return added;
    }

    /// <summary>A read-only map of the first <paramref name="length"/> (verified) bytes.</summary>
    private static MemoryMappedViewAccessor Map(FileStream stream, long length)
    {
        // Capacity 0 is the file's current size (a read-only mapping may not be smaller than the
        // file); the view covers only the verified bytes. The file mapping object may go once the
        // view exists: the view keeps the mapping.
        using var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        return file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
    }

    private void Reset()
    {
        Volatile.Write(ref _view, KeyframeIndexView.Empty);
        _validLength = 0;
        _headerChecked = false;
        HeaderValid = true;
        IgnoredTailBytes = 0;
    }

    /// <summary>Index of the last entry whose UTC is at or before <paramref name="utcMilliseconds"/>; -1 when all are later.</summary>
    public int FindAtOrBefore(long utcMilliseconds) => LastAtOrBefore(Volatile.Read(ref _view), utcMilliseconds, byOffset: false);

    /// <summary>Index of the first entry whose UTC is at or after <paramref name="utcMilliseconds"/>; -1 when all are earlier.</summary>
    public int FindAtOrAfter(long utcMilliseconds)
    {
        var view = Volatile.Read(ref _view);
        int lo = 0, hi = view.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (view.Key(mid, byOffset: false) >= utcMilliseconds)
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
    public int FindByOffsetAtOrBefore(long byteOffset) => LastAtOrBefore(Volatile.Read(ref _view), byteOffset, byOffset: true);

    /// <summary>The entry at or before <paramref name="utc"/>, if any.</summary>
    public bool TryFindAtOrBefore(DateTimeOffset utc, out IndexEntry entry) => TryFindAtOrBefore(utc.ToUnixTimeMilliseconds(), out entry);

    /// <summary>The entry at or before <paramref name="utcMilliseconds"/> (unix ms), if any.</summary>
    public bool TryFindAtOrBefore(long utcMilliseconds, out IndexEntry entry)
    {
        var view = Volatile.Read(ref _view);
        var i = LastAtOrBefore(view, utcMilliseconds, byOffset: false);
        entry = i >= 0 ? view[i] : default;
        return i >= 0;
    }

    private static int LastAtOrBefore(KeyframeIndexView view, long key, bool byOffset)
    {
        int lo = 0, hi = view.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (view.Key(mid, byOffset) <= key)
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
}
