using System.Diagnostics;
using MicroPvr.Media.MpegTs;
using MicroPvr.TestKit;

namespace MicroPvr.Media.Tests.MpegTs;

/// <summary>Random and mutated input must never throw or hang (seeded, bounded in time).</summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    [Fact]
    public void Random_bytes_with_sync_bytes_sprinkled_in()
    {
        var rnd = new Random(20261126);
        var sw = Stopwatch.StartNew();
        var rounds = 0;
        while (sw.Elapsed < Budget || rounds < 20)
        {
            var data = new byte[rnd.Next(1, 64 * 1024)];
            rnd.NextBytes(data);
            // Make it look like TS often enough for the parser to get past sync.
            for (var i = 0; i < data.Length; i += 188)
            {
                if (rnd.Next(4) != 0)
                {
                    data[i] = TsPacket.SyncByte;
                    data[i + 1 < data.Length ? i + 1 : i] &= 0x3F; // mostly no TEI
                }
            }

            Run(data, rnd.Next(1, 5000));
            rounds++;
        }
    }

    [Fact]
    public void Mutated_fixtures()
    {
        var rnd = new Random(4242);
        var sources = Fixtures.Clean.Select(File.ReadAllBytes).ToArray();
        var sw = Stopwatch.StartNew();
        var rounds = 0;
        while (sw.Elapsed < Budget || rounds < 10)
        {
            var data = sources[rnd.Next(sources.Length)].ToArray();
            var mutations = rnd.Next(1, 200);
            for (var m = 0; m < mutations; m++)
            {
                var at = rnd.Next(data.Length);
                switch (rnd.Next(4))
                {
                    case 0: data[at] = (byte)rnd.Next(256); break;
                    case 1: data[at] ^= (byte)(1 << rnd.Next(8)); break;
                    case 2: data[at] = 0x00; break;
                    default: data[at] = 0xFF; break;
                }
            }

            // Cut and splice a few ranges too.
            var cut = rnd.Next(data.Length);
            data = [.. data.AsSpan(0, cut), .. data.AsSpan(Math.Min(data.Length, cut + rnd.Next(1, 3000)))];
            var (h, _) = Run(data, rnd.Next(1, 9000));
            Assert.NotNull(h);
            rounds++;
        }
    }

    private static (RecordingHandler, TsDemuxer) Run(byte[] data, int chunk)
    {
        var (h, d) = Demux.Run(data, chunk);
        Assert.True(d.BytesPushed == data.Length);
        Assert.True(d.PacketCount * 188 <= data.Length);
        return (h, d);
    }
}
