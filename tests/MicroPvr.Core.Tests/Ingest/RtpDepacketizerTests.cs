using System.Buffers.Binary;
using MicroPvr.Core.Ingest;
using MicroPvr.Core.Ingest.Rtp;

namespace MicroPvr.Core.Tests.Ingest;

public sealed class RtpDepacketizerTests
{
    /// <summary>An RTP packet (RFC 3550 §5.1) whose payload is one byte = sequence low byte, repeated.</summary>
    private static byte[] Packet(ushort seq, int csrc = 0, int extensionWords = -1, int padding = 0)
    {
        var header = 12 + (4 * csrc) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0);
        var p = new byte[header + 188 + padding];
        p[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0) | (extensionWords >= 0 ? 0x10 : 0) | csrc);
        p[1] = 33; // MP2T
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), seq);
        if (extensionWords >= 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(12 + (4 * csrc) + 2), (ushort)extensionWords);
        }

        p.AsSpan(header, 188).Fill((byte)seq);
        p[header] = 0x47;
        if (padding > 0)
        {
            p[^1] = (byte)padding;
        }

        return p;
    }

    private static List<int> Sequences(CollectingSink sink)
    {
        var data = sink.ToArray();
        var list = new List<int>();
        for (var i = 0; i < data.Length; i += 188)
        {
            list.Add(data[i + 1]);
        }

        return list;
    }

    [Fact]
    public void Strips_csrc_extension_and_padding()
    {
        var rtp = new RtpDepacketizer(8);
        var sink = new CollectingSink();

        rtp.Process(Packet(1, csrc: 2), 0, sink);
        rtp.Process(Packet(2, extensionWords: 3), 0, sink);
        rtp.Process(Packet(3, padding: 7), 0, sink);
        rtp.Process(Packet(4, csrc: 1, extensionWords: 0, padding: 4), 0, sink);

        Assert.Equal(4 * 188, sink.Length);
        Assert.Equal([1, 2, 3, 4], Sequences(sink));
        Assert.Equal(0, rtp.InvalidPackets);
    }

    [Fact]
    public void Puts_reordered_packets_back_in_sequence()
    {
        var rtp = new RtpDepacketizer(8);
        var sink = new CollectingSink();

        foreach (var seq in new ushort[] { 10, 12, 11, 14, 13, 15 })
        {
            rtp.Process(Packet(seq), 0, sink);
        }

        Assert.Equal([10, 11, 12, 13, 14, 15], Sequences(sink));
        Assert.Equal(0, rtp.LostPackets);
        Assert.Equal(2, rtp.ReorderedPackets);
    }

    [Fact]
    public void Counts_lost_packets_when_the_window_fills_and_wraps_at_65535()
    {
        var rtp = new RtpDepacketizer(4);
        var sink = new CollectingSink();

        rtp.Process(Packet(65534), 0, sink);
        // 65535 and 0 never come.
        foreach (var seq in new ushort[] { 1, 2, 3, 4, 5, 6 })
        {
            rtp.Process(Packet(seq), 0, sink);
        }

        Assert.Equal(2, rtp.LostPackets);
        Assert.Equal([65534 & 0xFF, 1, 2, 3, 4, 5, 6], Sequences(sink));
    }

    [Fact]
    public void Drops_duplicates_and_late_packets_and_ignores_non_rtp()
    {
        var rtp = new RtpDepacketizer(4);
        var sink = new CollectingSink();

        rtp.Process(Packet(100), 0, sink);
        rtp.Process(Packet(101), 0, sink);
        rtp.Process(Packet(101), 0, sink);
        rtp.Process(Packet(99), 0, sink);
        rtp.Process(new byte[] { 0x47, 0, 0 }, 0, sink);
        var notRtp = Packet(102);
        notRtp[0] = 0x47; // raw TS is not RTP version 2
        rtp.Process(notRtp, 0, sink);

        Assert.Equal([100, 101], Sequences(sink));
        Assert.Equal(2, rtp.LatePackets);
        Assert.Equal(2, rtp.InvalidPackets);
    }

    [Fact]
    public void A_large_sequence_jump_is_a_sender_restart()
    {
        var rtp = new RtpDepacketizer(4);
        var sink = new CollectingSink();

        rtp.Process(Packet(100), 0, sink);
        rtp.Process(Packet(30000), 0, sink);
        rtp.Process(Packet(30001), 0, sink);

        Assert.Equal(3 * 188, sink.Length);
        Assert.Equal([StreamSourceEvent.Restarted], sink.Events);
        Assert.Equal(0, rtp.LostPackets);
    }
}
