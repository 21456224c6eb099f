using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using MicroPvr.Core.Ingest.Udp;

namespace MicroPvr.Core.Tests.Ingest;

/// <summary>recvmmsg/sendmmsg wrappers (docs/sources.md, "Receive batching") over real loopback sockets.</summary>
public sealed class DatagramBatchTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_message_header_has_the_kernel_layout()
    {
        Assert.Equal(64, Unsafe.SizeOf<MessageHeader>());
        Assert.Equal(16, Unsafe.SizeOf<IoVector>());
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess, LinuxDatagramCalls.IsSupported);
    }

    [Fact]
    public void An_empty_socket_gives_no_datagram()
    {
        if (!Supported())
        {
            return;
        }

        using var receiver = Bound();
        using var batch = new DatagramBatchReceiver(64 * 1024, 32);

        Assert.Equal(0, batch.Receive(receiver));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Constant_size_datagrams_land_back_to_back_in_few_calls_and_in_order()
    {
        if (!Supported())
        {
            return;
        }

        using var receiver = Bound();
        using var sender = LoopbackUdp.Sender();
        using var batch = new DatagramBatchReceiver(256 * 1024, 256);
        var to = (IPEndPoint)receiver.LocalEndPoint!;

        // The first call learns the datagram size (one message into the spill area).
        sender.SendTo(Datagram(1316, 0), to);
        var first = ReceiveAll(receiver, batch, 1, out _);
        Assert.Equal(Datagram(1316, 0), first[0]);
        Assert.Equal(1316, batch.SlotBytes);
        Assert.Equal(199, batch.Capacity);

        const int Burst = 100;
        for (var i = 1; i <= Burst; i++)
        {
            sender.SendTo(Datagram(1316, i), to);
        }

        // Slot i, back to back: one span for the sink.
        var got = ReceiveAll(receiver, batch, Burst, out var calls, slot => Assert.Equal(slot * 1316, batch.Offset(slot)));
        for (var i = 0; i < Burst; i++)
        {
            Assert.Equal(Datagram(1316, i + 1), got[i]);
        }

        Assert.True(calls.Count <= Burst / 4, $"{calls.Count} calls for {Burst} datagrams");
        Assert.Equal(0, batch.Truncated);
    }

    [Fact]
    public void A_call_takes_no_more_than_its_capacity()
    {
        if (!Supported())
        {
            return;
        }

        using var receiver = Bound();
        using var sender = LoopbackUdp.Sender();
        // Room for 10 slots of 1316 bytes, at most 8 messages per call.
        using var batch = new DatagramBatchReceiver(10 * 1316, 8);
        var to = (IPEndPoint)receiver.LocalEndPoint!;
        sender.SendTo(Datagram(1316, 0), to);
        ReceiveAll(receiver, batch, 1, out _);
        Assert.Equal(8, batch.Capacity);

        for (var i = 1; i <= 30; i++)
        {
            sender.SendTo(Datagram(1316, i), to);
        }

        var got = ReceiveAll(receiver, batch, 30, out var counts);
        Assert.All(counts, n => Assert.InRange(n, 1, 8));
        Assert.True(counts.Count >= 4, $"{counts.Count} calls for 30 datagrams at 8 per call");
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(Datagram(1316, i + 1), got[i]);
        }
    }

    [Fact]
    public void A_larger_datagram_is_rebuilt_from_the_spill_area_and_the_slots_grow()
    {
        if (!Supported())
        {
            return;
        }

        using var receiver = Bound();
        using var sender = LoopbackUdp.Sender();
        using var batch = new DatagramBatchReceiver(64 * 1024, 64);
        var to = (IPEndPoint)receiver.LocalEndPoint!;
        sender.SendTo(Datagram(1316, 0), to);
        ReceiveAll(receiver, batch, 1, out _);

        sender.SendTo(Datagram(1316, 1), to);
        sender.SendTo(Datagram(5000, 2), to);
        sender.SendTo(Datagram(188, 3), to);
        sender.SendTo(Datagram(1316, 4), to);
        var got = ReceiveAll(receiver, batch, 4, out _);

        Assert.Equal(Datagram(1316, 1), got[0]);
        Assert.Equal(Datagram(5000, 2), got[1]);
        Assert.Equal(Datagram(188, 3), got[2]);
        Assert.Equal(Datagram(1316, 4), got[3]);
        Assert.Equal(0, batch.Truncated);
        Assert.Equal(5000, batch.SlotBytes);
    }

    [Fact]
    public void Of_two_datagrams_that_outgrow_their_slots_in_one_call_the_earlier_is_dropped_and_counted()
    {
        if (!Supported())
        {
            return;
        }

        using var receiver = Bound();
        using var sender = LoopbackUdp.Sender();
        using var batch = new DatagramBatchReceiver(64 * 1024, 64);
        var to = (IPEndPoint)receiver.LocalEndPoint!;
        sender.SendTo(Datagram(1316, 0), to);
        ReceiveAll(receiver, batch, 1, out _);

        sender.SendTo(Datagram(3000, 1), to);
        sender.SendTo(Datagram(1316, 2), to);
        sender.SendTo(Datagram(4000, 3), to);
        Thread.Sleep(200); // all three queued, so that one call takes them together
        var lengths = new List<int>();
        var got = new List<byte[]>();
        var deadline = DateTime.UtcNow + s_deadline;
        while (lengths.Count < 3 && DateTime.UtcNow < deadline)
        {
            var n = batch.Receive(receiver);
            for (var i = 0; i < n; i++)
            {
                lengths.Add(batch.Length(i));
                got.Add(batch.Length(i) < 0 ? [] : batch.Buffer.AsSpan(batch.Offset(i), batch.Length(i)).ToArray());
            }
        }

        Assert.Equal(3, lengths.Count);
        Assert.Equal(Datagram(1316, 2), got[1]);
        Assert.Equal(Datagram(4000, 3), got[2]);
        if (lengths[0] < 0)
        {
            // Taken in one call with the 4000-byte one: its tail in the shared spill area was overwritten.
            Assert.Equal(1, batch.Truncated);
            Assert.Equal(3000, batch.LastTruncatedBytes);
        }
        else
        {
            Assert.Equal(Datagram(3000, 1), got[0]);
        }

        Assert.Equal(4000, batch.SlotBytes);
    }

    [Fact]
    public void A_batch_is_sent_in_one_call_to_many_multicast_groups()
    {
        if (!Supported())
        {
            return;
        }

        var port = LoopbackUdp.FreeUdpPort();
        var groups = new[] { LoopbackUdp.RandomGroup(), LoopbackUdp.RandomGroup(), LoopbackUdp.RandomGroup() };
        var receivers = groups.Select(g => Joined(g, port)).ToArray();
        try
        {
            using var socket = LoopbackUdp.Sender();
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
            var buffer = GC.AllocateArray<byte>(30 * 1316, pinned: true);
            using var sender = new DatagramBatchSender(buffer, [.. groups.Select(g => new IPEndPoint(g, port))], 30);
            for (var i = 0; i < 30; i++)
            {
                Datagram(1316, i).CopyTo(buffer, i * 1316);
                sender.Set(i, i * 1316, 1316, i % 3);
            }

            sender.Send(socket, 30);

            Assert.Equal(30, sender.Datagrams);
            Assert.True(sender.Calls < 30, $"{sender.Calls} calls");
            for (var g = 0; g < 3; g++)
            {
                var got = new byte[2048];
                for (var i = g; i < 30; i += 3)
                {
                    receivers[g].ReceiveTimeout = (int)s_deadline.TotalMilliseconds;
                    var n = receivers[g].Receive(got);
                    Assert.Equal(Datagram(1316, i), got.AsSpan(0, n).ToArray());
                }
            }
        }
        finally
        {
            foreach (var r in receivers)
            {
                r.Dispose();
            }
        }
    }

    [Fact]
    public void The_sender_refuses_datagrams_outside_its_buffer_and_non_ipv4_destinations()
    {
        var buffer = GC.AllocateArray<byte>(1316, pinned: true);
        Assert.Throws<ArgumentException>(() => new DatagramBatchSender(buffer, [new IPEndPoint(IPAddress.IPv6Loopback, 1)], 4));
        using var sender = new DatagramBatchSender(buffer, [new IPEndPoint(IPAddress.Loopback, 1)], 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.Set(0, 100, 1316, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.Set(4, 0, 188, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.Set(0, 0, 188, 1));
    }

    /// <summary>Receives until <paramref name="count"/> datagrams came; <paramref name="eachSlot"/> checks every slot of every call.</summary>
    private static List<byte[]> ReceiveAll(Socket socket, DatagramBatchReceiver batch, int count, out List<int> calls, Action<int>? eachSlot = null)
    {
        calls = [];
        var got = new List<byte[]>();
        var deadline = DateTime.UtcNow + s_deadline;
        while (got.Count < count && DateTime.UtcNow < deadline)
        {
            var n = batch.Receive(socket);
            if (n == 0)
            {
                Thread.Sleep(10);
                continue;
            }

            calls.Add(n);
            for (var i = 0; i < n; i++)
            {
                Assert.True(batch.Length(i) >= 0, "a datagram was dropped");
                eachSlot?.Invoke(i);
                got.Add(batch.Buffer.AsSpan(batch.Offset(i), batch.Length(i)).ToArray());
            }
        }

        Assert.Equal(count, got.Count);
        return got;
    }

    private static Socket Bound()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return s;
    }

    private static Socket Joined(IPAddress group, int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        s.Bind(new IPEndPoint(group, port));
        s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IPAddress.Loopback));
        return s;
    }

    /// <summary>A datagram whose every byte says which one it is and where in it the byte sits.</summary>
    private static byte[] Datagram(int length, int index)
    {
        var d = new byte[length];
        for (var i = 0; i < length; i++)
        {
            d[i] = (byte)((index * 31) + (i / 188) + (i % 7));
        }

        return d;
    }

    // Linux (where MicroPVR runs) has the calls; elsewhere the sources use the Socket API.
    private static bool Supported() => LinuxDatagramCalls.IsSupported;
}
