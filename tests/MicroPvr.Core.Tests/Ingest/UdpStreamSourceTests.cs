using System.Net;
using System.Net.Sockets;
using MicroPvr.Core.Ingest;
using MicroPvr.Core.Ingest.Udp;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Ingest;

public sealed class UdpStreamSourceTests
{
    private static byte[] Datagram(byte marker, int index)
    {
        var d = new byte[1316];
        for (var i = 0; i < d.Length; i += 188)
        {
            d[i] = 0x47;
            d[i + 1] = marker;
            d[i + 2] = (byte)index;
        }

        return d;
    }

    /// <summary>Sends until the source has received something (it may still be joining), then a counted burst.</summary>
    private static async Task<int> SendUntilReceivedAsync(Socket sender, IPEndPoint to, byte marker, CollectingSink sink, int burst)
    {
        var sent = 0;
        var ok = await CollectingSink.WaitUntilAsync(() =>
        {
            sender.SendTo(Datagram(marker, sent++), to);
            return sink.Length > 0;
        });
        Assert.True(ok, "the source never received anything");
        for (var i = 0; i < burst; i++)
        {
            sender.SendTo(Datagram(marker, sent++), to);
        }

        return sent;
    }

    [Fact]
    public async Task Receives_multicast_joined_on_loopback()
    {
        var group = LoopbackUdp.RandomGroup();
        var port = LoopbackUdp.FreeUdpPort();
        var source = new StreamSourceFactory().Create($"udp://@{group}:{port}?localaddr=127.0.0.1");
        var sink = new CollectingSink();
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(sink, cts.Token);
        using var sender = LoopbackUdp.Sender();

        await SendUntilReceivedAsync(sender, new IPEndPoint(group, port), 0x11, sink, 50);

        Assert.True(await CollectingSink.WaitUntilAsync(() => sink.Length >= 51 * 1316));
        Assert.Equal(0, sink.Length % 1316);
        Assert.Equal(0x47, sink.ToArray()[0]);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Source_specific_multicast_accepts_only_the_listed_sender()
    {
        var group = new IPAddress([232, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255)]);
        var port = LoopbackUdp.FreeUdpPort();
        var source = new StreamSourceFactory().Create($"udp://127.0.0.1@{group}:{port}?sources=127.0.0.1");
        var sink = new CollectingSink();
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(sink, cts.Token);
        using var allowed = LoopbackUdp.Sender(IPAddress.Loopback);
        using var other = LoopbackUdp.Sender(IPAddress.Parse("127.0.0.2"));
        var to = new IPEndPoint(group, port);

        await SendUntilReceivedAsync(allowed, to, 0xAA, sink, 0);
        for (var i = 0; i < 20; i++)
        {
            other.SendTo(Datagram(0xBB, i), to);
            allowed.SendTo(Datagram(0xAA, i), to);
        }

        Assert.True(await CollectingSink.WaitUntilAsync(() => sink.Length >= 21 * 1316));
        await Task.Delay(200); // anything from the other sender would have arrived by now, interleaved
        var data = sink.ToArray();
        for (var i = 0; i < data.Length; i += 188)
        {
            Assert.Equal(0xAA, data[i + 1]);
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Receives_unicast()
    {
        var port = LoopbackUdp.FreeUdpPort();
        var source = new StreamSourceFactory().Create($"udp://127.0.0.1:{port}");
        var sink = new CollectingSink();
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(sink, cts.Token);
        using var sender = LoopbackUdp.Sender();

        await SendUntilReceivedAsync(sender, new IPEndPoint(IPAddress.Loopback, port), 0x22, sink, 10);

        Assert.True(await CollectingSink.WaitUntilAsync(() => sink.Length >= 11 * 1316));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Rtp_from_ffmpeg_is_depacketized_into_the_original_transport_stream()
    {
        var port = LoopbackUdp.FreeUdpPort();
        var source = (UdpStreamSource)new StreamSourceFactory().Create($"rtp://127.0.0.1:{port}");
        var sink = new CollectingSink();
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(sink, cts.Token);
        await Task.Delay(200); // bound before ffmpeg starts sending (UDP has no handshake)
        using (var ffmpeg = Ffmpeg.Start(["-re", "-i", Fixtures.H264Aac, "-t", "3", "-c", "copy", "-f", "rtp_mpegts", $"rtp://127.0.0.1:{port}"]))
        {
            Assert.True(await CollectingSink.WaitUntilAsync(() => sink.Length > 100 * 188, TimeSpan.FromSeconds(60)));
        }

        var data = sink.ToArray();
        Assert.Equal(0, data.Length % 188);
        for (var i = 0; i < data.Length; i += 188)
        {
            Assert.Equal(0x47, data[i]);
        }

        Assert.Equal(0, source.RtpLostPackets);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
