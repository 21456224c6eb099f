namespace MicroPvr.Media.MpegTs;

/// <summary>PES packet header fields (ISO/IEC 13818-1 §2.4.3.6–2.4.3.7, Table 2-21).</summary>
public static class PesHeader
{
    /// <summary>Bytes needed to know the header length: start code prefix, stream_id, PES_packet_length, two flag bytes, PES_header_data_length.</summary>
    public const int FixedLength = 9;

    /// <summary>Longest possible header: 9 + 255.</summary>
    public const int MaxLength = FixedLength + 255;

    /// <summary>True when the bytes start with packet_start_code_prefix 0x000001.</summary>
    public static bool HasStartCode(ReadOnlySpan<byte> pes) => pes.Length >= 3 && pes[0] == 0 && pes[1] == 0 && pes[2] == 1;

    /// <summary>stream_ids whose PES packets carry no optional header (Table 2-21): padding, private_stream_2, ECM, EMM, DSM-CC, H.222.1 type E, PSM, directory.</summary>
    public static bool HasOptionalHeader(int streamId) =>
        streamId is not (0xBC or 0xBE or 0xBF or 0xF0 or 0xF1 or 0xF2 or 0xF8 or 0xFF);

    /// <summary>
    /// Total header length (bytes before the elementary stream data) given at least the first
    /// <see cref="FixedLength"/> bytes (or 6 for streams without the optional header); -1 if not a PES.
    /// </summary>
    public static int HeaderLength(ReadOnlySpan<byte> pes)
    {
        if (pes.Length < 6 || !HasStartCode(pes))
        {
            return -1;
        }

        if (!HasOptionalHeader(pes[3]))
        {
            return 6;
        }

        if (pes.Length < FixedLength)
        {
            return -1;
        }

        return (pes[6] & 0xC0) == 0x80 ? FixedLength + pes[8] : 6;
    }

    /// <summary>Reads PTS and DTS from a complete header. Absent values are -1; DTS defaults to PTS (§2.4.3.7).</summary>
    public static void ReadTimestamps(ReadOnlySpan<byte> header, out long pts90k, out long dts90k)
    {
        pts90k = -1;
        dts90k = -1;
        if (header.Length < FixedLength || !HasOptionalHeader(header[3]) || (header[6] & 0xC0) != 0x80)
        {
            return;
        }

        var flags = header[7] >> 6;
        if (flags >= 2 && header.Length >= 14)
        {
            pts90k = ReadTimestamp(header.Slice(9, 5));
        }

        if (flags == 3 && header.Length >= 19)
        {
            dts90k = ReadTimestamp(header.Slice(14, 5));
        }

        if (dts90k < 0)
        {
            dts90k = pts90k;
        }
    }

    /// <summary>Decodes the 5-byte 33-bit time stamp with its marker bits.</summary>
    public static long ReadTimestamp(ReadOnlySpan<byte> f) =>
        ((long)(f[0] & 0x0E) << 29) | ((long)f[1] << 22) | ((long)(f[2] & 0xFE) << 14) | ((long)f[3] << 7) | ((long)f[4] >> 1);

    /// <summary>Encodes a 33-bit time stamp, keeping the 4-bit prefix of the first byte.</summary>
    public static void WriteTimestamp(Span<byte> f, long value90k)
    {
        value90k &= Time.MpegClock.Mask33;
        f[0] = (byte)((f[0] & 0xF0) | (int)((value90k >> 29) & 0x0E) | 1);
        f[1] = (byte)(value90k >> 22);
        f[2] = (byte)(((value90k >> 14) & 0xFE) | 1);
        f[3] = (byte)(value90k >> 7);
        f[4] = (byte)(((value90k << 1) & 0xFE) | 1);
    }
}
