using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace MicroPvr.Core.Recording;

/// <summary>
/// An immutable snapshot of the trusted entries of a keyframe index: entries [0, MappedCount)
/// are read in place from a read-only memory map of the sidecar (page-cache backed: nothing is
/// copied or loaded), entries [MappedCount, Count) from a small in-memory tail (what a growing
/// index gained since it was last mapped, or the whole index of a reader that loads).
/// Every entry below <see cref="Count"/> was verified (checksum and ordering) before the view was
/// published, and verified entries are never rewritten by the writer, so a lookup needs no check.
/// </summary>
internal sealed class KeyframeIndexView
{
    public static readonly KeyframeIndexView Empty = new(null, 0, [], 0);

    // The map is never disposed explicitly: a superseded view may still be in use by a lookup on
    // another thread. Its SafeHandle unmaps it when the view is collected (critical finalizer),
    // and while a read is in flight the handle's reference count keeps the mapping alive.
    private readonly MemoryMappedViewAccessor? _map;

    public KeyframeIndexView(MemoryMappedViewAccessor? map, int mappedCount, IndexEntry[] tail, int count)
    {
        _map = map;
        MappedCount = mappedCount;
        Tail = tail;
        Count = count;
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

            var at = Position(index);
            return new IndexEntry(
                Little(_map!.ReadInt64(at)),
                Little(_map.ReadInt64(at + 8)),
                Little(_map.ReadInt64(at + 16)),
                (IndexEntryFlags)LittleU16(_map.ReadUInt16(at + 24)));
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

        return Little(_map!.ReadInt64(Position(index) + (byOffset ? 8 : 0)));
    }

    private static long Position(int index) => KeyframeIndexFormat.HeaderSize + ((long)index * KeyframeIndexFormat.EntrySize);

    // The format is little-endian (docs/recording-format.md); the accessor reads native order.
    private static long Little(long native) => BitConverter.IsLittleEndian ? native : BinaryPrimitives.ReverseEndianness(native);

    private static ushort LittleU16(ushort native) => BitConverter.IsLittleEndian ? native : BinaryPrimitives.ReverseEndianness(native);
}
