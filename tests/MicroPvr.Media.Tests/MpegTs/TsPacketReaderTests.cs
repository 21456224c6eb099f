using MicroPvr.Media.MpegTs;
using MicroPvr.TestKit;

namespace MicroPvr.Media.Tests.MpegTs;

public sealed class TsPacketReaderTests
{
    private static byte[] Clean() => File.ReadAllBytes(Fixtures.H264Aac);

    /// <summary>Re-frames 188-byte packets with a 4-byte prefix (M2TS) or 16 bytes of parity after (DVB 204).</summary>
    private static byte[] Reframe(byte[] ts, int stride)
    {
        var n = ts.Length / 188;
        var output = new byte[n * stride];
        var rnd = new Random(7);
        for (var i = 0; i < n; i++)
        {
            var dst = output.AsSpan(i * stride, stride);
            rnd.NextBytes(dst);
            var at = stride == 192 ? 4 : 0;
            ts.AsSpan(i * 188, 188).CopyTo(dst[at..]);
        }

        return output;
    }

    [Theory]
    [InlineData(192)]
    [InlineData(204)]
    public void Detects_192_and_204_byte_framing_and_finds_the_same_keyframes(int stride)
    {
        var clean = Clean();
        var (reference, _) = Demux.Run(clean, 1316);
        var framed = Reframe(clean, stride);
        foreach (var chunk in new[] { 1, 188, 1316, 4096 })
        {
            var (h, d) = Demux.Run(framed, chunk);
            Assert.Equal(stride, d.PacketStride);
            Assert.Equal(0, d.ContinuityErrors);
            Assert.Equal(0, d.SyncLosses);
            Assert.Equal(clean.Length / 188, d.PacketCount);
            Assert.Equal(
                reference.RandomAccessPoints.Select(p => (p.Pts90k, p.PesPacketIndex)),
                h.RandomAccessPoints.Select(p => (p.Pts90k, p.PesPacketIndex)));
            Assert.All(h.RandomAccessPoints, p => Assert.Equal(TsPacket.SyncByte, framed[p.PesByteOffset]));
        }
    }

    [Fact]
    public void Garbage_before_the_first_packet_is_skipped_and_counted()
    {
        var clean = Clean();
        var input = new byte[1000 + clean.Length];
        new Random(3).NextBytes(input.AsSpan(0, 1000));
        input.AsSpan(0, 1000).Replace((byte)0x47, (byte)0x46);
        clean.CopyTo(input, 1000);
        var (h, d) = Demux.Run(input, 1316);
        Assert.Equal("sync 1000 188 1000", h.Events[0]);
        Assert.Equal(1000, d.GarbageBytes);
        Assert.Equal(clean.Length / 188, d.PacketCount);
    }

    [Fact]
    public void A_truncated_packet_is_dropped_not_glued_to_the_next()
    {
        var clean = Clean();
        // Packet 100 loses its last 88 bytes.
        var input = clean.AsSpan(0, (100 * 188) + 100).ToArray().Concat(clean.AsSpan(101 * 188).ToArray()).ToArray();
        var (h, d) = Demux.Run(input, 188);
        Assert.Equal(clean.Length / 188 - 1, d.PacketCount);
        Assert.Equal(100, d.GarbageBytes);
        Assert.Equal(1, d.SyncLosses);
        Assert.Contains("sync 18900 188 100", h.Events);
    }

    [Fact]
    public void Datagrams_that_are_not_multiples_of_188_lose_nothing()
    {
        var clean = Clean();
        var (reference, _) = Demux.Run(clean, clean.Length);
        foreach (var chunk in new[] { 100, 187, 189, 1000, 1317 })
        {
            var (h, d) = Demux.Run(clean, chunk);
            Assert.Equal(clean.Length / 188, d.PacketCount);
            Assert.Equal(reference.Events, h.Events);
        }
    }

    [Fact]
    public void Last_packet_is_delivered_at_flush()
    {
        var clean = Clean().AsSpan(0, 188 * 10).ToArray();
        var sink = new CountingSink();
        var reader = new TsPacketReader(sink);
        reader.Push(clean);
        Assert.Equal(9, sink.Packets);
        reader.Flush();
        Assert.Equal(10, sink.Packets);
        Assert.Equal(188 * 9, sink.LastOffset);
    }

    private sealed class CountingSink : ITsPacketSink
    {
        public int Packets { get; private set; }

        public long LastOffset { get; private set; }

        public void OnPacket(ReadOnlySpan<byte> packet, long byteOffset, long packetIndex)
        {
            Assert.Equal(188, packet.Length);
            Assert.Equal(Packets, packetIndex);
            Packets++;
            LastOffset = byteOffset;
        }

        public void OnSyncAcquired(long byteOffset, int packetSize, long skippedBytes)
        {
        }

        public void OnSyncLost(long byteOffset)
        {
        }
    }
}
