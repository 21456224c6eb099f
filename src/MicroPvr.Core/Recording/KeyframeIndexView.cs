using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;

namespace MicroPvr.Core.Recording;

/// <summary>
/// An immutable snapshot of the trusted entries of a keyframe index: entries [0, MappedCount)
/// are read in place from a read-only memory map of the sidecar (page-cache backed: nothing is
/// copied or loaded), entries [MappedCount, Count) from a small in-memory tail (what a growing
/// index gained since it was last mapped, or the whole index of a reader that loads).
/// Every entry below <see cref="Count"/> was verified (checksum and ordering) before the view was
/// published, and verified entries are never rewritten by the writer, so a lookup needs no check.
/// The map is read through a pointer acquired once per view: the accessor's own reads take and
/// drop a reference on the view's SafeHandle for every 8 bytes, which was half of the daemon's
/// CPU time for a 4-hour playlist (7,200 keyframes walked, four reads each; docs/performance.md,
/// Playlists).
/// </summary>
internal sealed unsafe class KeyframeIndexView
{
    public static readonly KeyframeIndexView Empty = new(null, 0, [], 0);

    // The map is never disposed explicitly: a superseded view may still be in use by a lookup on
    // another thread. Its SafeHandle unmaps it when the view is collected (critical finalizer),
    // and while a read is in flight the handle's reference count keeps the mapping alive.
    private readonly MemoryMappedViewAccessor? _map;

    /// <summary>
    /// The first byte of the view (the accessor's page-aligned base plus its offset). The pointer
    /// holds one reference on the view's SafeHandle, dropped by the finalizer: the pages stay
    /// mapped for as long as this view can be read, whoever else releases the accessor.
    /// </summary>
    private readonly byte* _base;

    public KeyframeIndexView(MemoryMappedViewAccessor? map, int mappedCount, IndexEntry[] tail, int count)
    {
        _map = map;
        MappedCount = mappedCount;
        Tail = tail;
        Count = count;
        if (map is not null && mappedCount > 0)
        {
            byte* pointer = null;
            map.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _base = pointer + map.PointerOffset;
        }
    }

    ~KeyframeIndexView()
    {
        if (_base != null)
        {
            _map!.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>The map of entries [0, <see cref="MappedCount"/>), if any.</summary>
    public MemoryMappedViewAccessor? Map => _map;

    /// <summary>Entries read from the map.</summary>
    public int MappedCount { get; }

    /// <summary>Entries from <see cref="MappedCount"/> on, in memory (may be longer than used).</summary>
    public IndexEntry[] Tail { get; }

    /// <summary>Trusted entries in this snapshot.</summary>
    public int Count { get; }

    /// <summary>Entries held in memory (32 bytes each).</summary>
    public int InMemoryCount => Count - MappedCount;

    public IndexEntry this[int index]
    {
        get
        {
            if (index >= MappedCount)
            {
                return Tail[index - MappedCount];
            }

            var at = _base + Position(index);
            var entry = new IndexEntry(
                Little(Unsafe.ReadUnaligned<long>(at)),
                Little(Unsafe.ReadUnaligned<long>(at + 8)),
                Little(Unsafe.ReadUnaligned<long>(at + 16)),
                (IndexEntryFlags)LittleU16(Unsafe.ReadUnaligned<ushort>(at + 24)));
            // The finalizer unmaps: this view must outlive the reads through its pointer.
            GC.KeepAlive(this);
            return entry;
        }
    }

    /// <summary>The search key of an entry (UTC ms or byte offset) without decoding the rest.</summary>
    public long Key(int index, bool byOffset)
    {
        if (index >= MappedCount)
        {
            var e = Tail[index - MappedCount];
            return byOffset ? e.ByteOffset : e.UtcMilliseconds;
        }

        var key = Little(Unsafe.ReadUnaligned<long>(_base + Position(index) + (byOffset ? 8 : 0)));
        GC.KeepAlive(this);
        return key;
    }

    private static long Position(int index) => KeyframeIndexFormat.HeaderSize + ((long)index * KeyframeIndexFormat.EntrySize);

    // The format is little-endian (docs/recording-format.md); the accessor reads native order.
    private static long Little(long native) => BitConverter.IsLittleEndian ? native : BinaryPrimitives.ReverseEndianness(native);

    private static ushort LittleU16(ushort native) => BitConverter.IsLittleEndian ? native : BinaryPrimitives.ReverseEndianness(native);
}
