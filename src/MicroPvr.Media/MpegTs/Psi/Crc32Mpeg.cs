namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>
/// CRC-32 of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, MSB first, initial
/// value 0xFFFFFFFF, no final XOR. Over a whole section including its CRC_32 field the result is 0.
/// </summary>
public static class Crc32Mpeg
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = (crc << 8) ^ Table[(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7u : c << 1;
            }

            table[i] = c;
        }

        return table;
    }
}
