using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace MicroPvr.Media.MpegTs;

/// <summary>
/// Field accessors for one 188-byte transport packet (ISO/IEC 13818-1 §2.4.3.2, Table 2-2) and
/// its adaptation field (§2.4.3.4, Table 2-6). Static methods over spans: no copies, no state.
/// Callers pass a span of at least <see cref="Size"/> bytes that starts with the sync byte.
/// </summary>
public static class TsPacket
{
    public const int Size = 188;
    public const byte SyncByte = 0x47;
    public const int NullPid = 0x1FFF;
    public const int PatPid = 0x0000;
    public const int MaxPid = 0x1FFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Pid(ReadOnlySpan<byte> p) => ((p[1] & 0x1F) << 8) | p[2];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TransportError(ReadOnlySpan<byte> p) => (p[1] & 0x80) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool PayloadUnitStart(ReadOnlySpan<byte> p) => (p[1] & 0x40) != 0;

    /// <summary>transport_scrambling_control: non-zero means the payload is scrambled.</summary>
    public static int ScramblingControl(ReadOnlySpan<byte> p) => p[3] >> 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasAdaptationField(ReadOnlySpan<byte> p) => (p[3] & 0x20) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasPayload(ReadOnlySpan<byte> p) => (p[3] & 0x10) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ContinuityCounter(ReadOnlySpan<byte> p) => p[3] & 0x0F;

    /// <summary>adaptation_field_length, or -1 when the packet has no adaptation field.</summary>
    public static int AdaptationFieldLength(ReadOnlySpan<byte> p) => HasAdaptationField(p) ? p[4] : -1;

    /// <summary>
    /// Offset of the payload in the packet, or -1 when there is none or the adaptation field
    /// length is illegal (§2.4.3.5: at most 183 with payload, exactly 183 without).
    /// </summary>
    public static int PayloadOffset(ReadOnlySpan<byte> p)
    {
        if (!HasPayload(p))
        {
            return -1;
        }

        if (!HasAdaptationField(p))
        {
            return 4;
        }

        var offset = 5 + p[4];
        return offset < Size ? offset : -1;
    }

    /// <summary>True when the adaptation field length fits the packet (§2.4.3.5).</summary>
    public static bool IsAdaptationFieldValid(ReadOnlySpan<byte> p)
    {
        if (!HasAdaptationField(p))
        {
            return true;
        }

        return HasPayload(p) ? p[4] <= 182 : p[4] == 183;
    }

    /// <summary>Flags byte of a non-empty adaptation field, else 0.</summary>
    private static int AdaptationFlags(ReadOnlySpan<byte> p) => HasAdaptationField(p) && p[4] > 0 ? p[5] : 0;

    /// <summary>discontinuity_indicator: CC and/or PCR discontinuity is signalled (§2.4.3.5).</summary>
    public static bool DiscontinuityIndicator(ReadOnlySpan<byte> p) => (AdaptationFlags(p) & 0x80) != 0;

    /// <summary>random_access_indicator: the next PES starting here begins a random-access point (§2.4.3.5).</summary>
    public static bool RandomAccessIndicator(ReadOnlySpan<byte> p) => (AdaptationFlags(p) & 0x40) != 0;

    /// <summary>Reads the PCR (27 MHz: base * 300 + extension) when the packet carries one.</summary>
    public static bool TryGetPcr(ReadOnlySpan<byte> p, out long pcr27M)
    {
        if ((AdaptationFlags(p) & 0x10) == 0 || p[4] < 7)
        {
            pcr27M = 0;
            return false;
        }

        pcr27M = ReadPcr(p.Slice(6, 6));
        return true;
    }

    /// <summary>Decodes the 6-byte program_clock_reference field (33-bit base, 6 reserved, 9-bit extension).</summary>
    public static long ReadPcr(ReadOnlySpan<byte> f)
    {
        var hi = BinaryPrimitives.ReadUInt32BigEndian(f);
        var lo = BinaryPrimitives.ReadUInt16BigEndian(f[4..]);
        var pcrBase = ((long)hi << 1) | (uint)(lo >> 15);
        var ext = lo & 0x1FF;
        return (pcrBase * 300) + ext;
    }

    /// <summary>Encodes a 27 MHz PCR into the 6-byte field (reserved bits set to 1).</summary>
    public static void WritePcr(Span<byte> f, long pcr27M)
    {
        var pcrBase = (pcr27M / 300) & Time.MpegClock.Mask33;
        var ext = (int)(pcr27M % 300);
        BinaryPrimitives.WriteUInt32BigEndian(f, (uint)(pcrBase >> 1));
        BinaryPrimitives.WriteUInt16BigEndian(f[4..], (ushort)((int)((pcrBase & 1) << 15) | 0x7E00 | ext));
    }
}
