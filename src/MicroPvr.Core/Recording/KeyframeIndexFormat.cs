using System.Buffers.Binary;
using System.Numerics;

namespace MicroPvr.Core.Recording;

/// <summary>
/// The on-disk layout of the keyframe index sidecar (`&lt;record&gt;.ts.idx`, docs/recording-format.md).
/// A 16-byte header followed by 32-byte entries, all little-endian, each protected by a CRC-32C so
/// that a torn write after a power loss is detected and never trusted.
/// </summary>
public static class KeyframeIndexFormat
{
    /// <summary>File name suffix of the sidecar: the record path plus this.</summary>
    public const string FileSuffix = ".idx";

    /// <summary>Size of the file header in bytes.</summary>
    public const int HeaderSize = 16;

    /// <summary>Size of one entry in bytes.</summary>
    public const int EntrySize = 32;

    /// <summary>Format version written in the header.</summary>
    public const ushort Version = 1;

    /// <summary>"MPVRKIDX": identifies an index sidecar.</summary>
    public static ReadOnlySpan<byte> Magic => "MPVRKIDX"u8;

    /// <summary>Path of the index sidecar of a record file (fixed cross-team decision).</summary>
    public static string IndexPathFor(string recordPath) => recordPath + FileSuffix;

    /// <summary>Writes the 16-byte header: magic, version, entry size, CRC-32C of the first 12 bytes.</summary>
    public static void WriteHeader(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc32C(destination[..12]));
    }

    /// <summary>True when the header is ours, of a version we read, and intact.</summary>
    public static bool IsValidHeader(ReadOnlySpan<byte> header) =>
        header.Length >= HeaderSize
        && header[..8].SequenceEqual(Magic)
        && BinaryPrimitives.ReadUInt16LittleEndian(header[8..]) == Version
        && BinaryPrimitives.ReadUInt16LittleEndian(header[10..]) == EntrySize
        && BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) == Crc32C(header[..12]);

    /// <summary>
    /// Writes one entry: UTC ms (i64), byte offset (i64), PTS 90 kHz (i64, -1 = unknown),
    /// flags (u16), reserved (u16, zero), CRC-32C of the first 28 bytes (u32).
    /// </summary>
    public static void WriteEntry(Span<byte> destination, in IndexEntry entry)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, entry.UtcMilliseconds);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], entry.ByteOffset);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], entry.Pts90k);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[24..], (ushort)entry.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[26..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], Crc32C(destination[..28]));
    }

    /// <summary>Decodes one entry; false when its checksum does not match (torn or corrupt).</summary>
    public static bool TryReadEntry(ReadOnlySpan<byte> source, out IndexEntry entry)
    {
        if (source.Length < EntrySize
            || BinaryPrimitives.ReadUInt32LittleEndian(source[28..]) != Crc32C(source[..28]))
        {
            entry = default;
            return false;
        }

        entry = new IndexEntry(
            BinaryPrimitives.ReadInt64LittleEndian(source),
            BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
            (IndexEntryFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[24..]));
        return true;
    }

    /// <summary>
    /// True when <paramref name="next"/> may follow <paramref name="previous"/>: byte offsets strictly
    /// increase and UTC never goes back (the writer guarantees both; a reader refuses anything else).
    /// </summary>
    public static bool IsValidSuccessor(in IndexEntry previous, in IndexEntry next) =>
        next.ByteOffset > previous.ByteOffset && next.UtcMilliseconds >= previous.UtcMilliseconds;

    /// <summary>CRC-32C (Castagnoli), hardware-accelerated where the CPU has it.</summary>
    internal static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
