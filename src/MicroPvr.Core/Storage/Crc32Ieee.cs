namespace MicroPvr.Core.Storage;

/// <summary>
/// CRC-32 as in IEEE 802.3 / zlib / PNG (reflected polynomial 0xEDB88320, init and final XOR
/// 0xFFFFFFFF; check value of "123456789" = 0xCBF43926). Used for link-dir nicknames only, never
/// on a hot path, so a 1 KiB table is enough.
/// </summary>
public static class Crc32Ieee
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
