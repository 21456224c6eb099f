using System.Net;
using System.Net.Sockets;
using MicroPvr.Core.Ingest;
using MicroPvr.Core.Ingest.Udp;

namespace MicroPvr.Core.Tests.Ingest;

/// <summary>Receive batching (docs/sources.md): the shared tick and paced UDP drains.</summary>
public sealed class ReceiveBatchingTests
{
    [Fact]
    public async Task Every_waiter_of_a_tick_is_released_by_the_same_tick()
    {
        var pacer = new ReceivePacer(TimeSpan.FromMilliseconds(20));

        var a = pacer.NextTickAsync();
        var b = pacer.NextTickAsync();

        Assert.Same(a, b);
        await a.WaitAsync(TimeSpan.FromSeconds(30));
        var c = pacer.NextTickAsync();
        Assert.NotSame(a, c);
        await c.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, pacer.Ticks);
    }

    [Fact]
    public async Task The_pacer_does_not_tick_while_nobody_waits()
    {
        var pacer = new ReceivePacer(TimeSpan.FromMilliseconds(10));
        await pacer.NextTickAsync().WaitAsync(TimeSpan.FromSeconds(30));

        await Task.Delay(300);

        Assert.Equal(1, pacer.Ticks);
    }

    [Fact]
    public async Task A_burst_is_taken_in_few_wake_ups_whole_and_in_order()
    {
        // A long tick, so that the burst is certainly queued in the socket when the drain comes.
        await using var running = await RunningSource.StartAsync(TimeSpan.FromMilliseconds(300));
        var (source, sink, sender, to) = (running.Source, running.Sink, running.Sender, running.To);
        var lengthBefore = sink.Length;
        var datagramsBefore = source.Datagrams;
        var wakeUpsBefore = source.WakeUps;
        var callsBefore = sink.Calls;
        var receiveCallsBefore = source.ReceiveCalls;
        const int Burst = 200;
        for (var i = 0; i < Burst; i++)
        {
            sender.SendTo(Numbered(i), to);
        }

        Assert.True(await CollectingSink.WaitUntilAsync(() => sink.Length >= lengthBefore + (Burst * 1316L)), $"received {sink.Length - lengthBefore} of {Burst * 1316} bytes");
        Assert.Equal(Burst, source.Datagrams - datagramsBefore);
        // Unpaced, every datagram was one wake-up and one sink call.
        Assert.True(sink.Calls - callsBefore < Burst / 4, $"{sink.Calls - callsBefore} sink calls for {Burst} datagrams");
        Assert.True(source.WakeUps - wakeUpsBefore < Burst / 4, $"{source.WakeUps - wakeUpsBefore} wake-ups for {Burst} datagrams");
        if (LinuxDatagramCalls.IsSupported)
        {
            // recvmmsg: many datagrams per system call, not one call per datagram plus one that finds the socket empty.
            Assert.True(source.ReceiveCalls - receiveCallsBefore < Burst / 4, $"{source.ReceiveCalls - receiveCallsBefore} receive calls for {Burst} datagrams");
        }

        var data = sink.ToArray().AsSpan((int)lengthBefore);
        for (var i = 0; i < Burst; i++)
        {
            Assert.Equal(i, data[(i * 1316) + 2]);
        }

        await running.StopAsync();
    }

    [Fact]
    public async Task Unpaced_source_still_receives_each_datagram()
    {
        await using var running = await RunningSource.StartAsync(TimeSpan.Zero);
        var (source, sink, sender, to) = (running.Source, running.Sink, running.Sender, running.To);
        var lengthBefore = sink.Length;
        for (var i = 0; i < 20; i++)
        {
            sender.SendTo(Numbered(i), to);
        }

        Assert.True(await CollectingSink.WaitUntilAsync(() => sink.Length >= lengthBefore + (20 * 1316L)));
        Assert.Equal(source.Datagrams, sink.Calls);
        await running.StopAsync();
    }

    [Fact]
    public async Task Datagrams_of_changing_sizes_reach_the_sink_whole_and_in_order()
    {
        await using var running = await RunningSource.StartAsync(TimeSpan.FromMilliseconds(200));
        var (source, sink, sender, to) = (running.Source, running.Sink, running.Sender, running.To);
        var lengthBefore = sink.Length;

        // 1316-byte datagrams, a short one, then larger ones than the receive slots learned so far.
        var sizes = new[] { 1316, 1316, 188, 1316, 376, 2632, 1316, 7 * 188 * 3, 1316 };
        var expected = new List<byte>();
        for (var i = 0; i < sizes.Length; i++)
        {
            var d = Packets(sizes[i] / 188, i);
            expected.AddRange(d);
            sender.SendTo(d, to);
            if (i == 5)
            {
                await Task.Delay(400); // one larger datagram per drain: each is put back together from the spill area
            }
        }

        Assert.True(await CollectingSink.WaitUntilAsync(() => sink.Length >= lengthBefore + expected.Count), $"received {sink.Length - lengthBefore} of {expected.Count} bytes");
        Assert.Equal(expected.ToArray(), sink.ToArray().AsSpan((int)lengthBefore).ToArray());
        Assert.Equal(0, source.TruncatedDatagrams);
        await running.StopAsync();
    }

    /// <summary>
    /// A UDP source on a free loopback port, running into a collecting sink, with a sender: started
    /// once its socket is bound (the first datagram got through) and what was in flight has arrived.
    /// </summary>
    private sealed class RunningSource : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private Task _run = Task.CompletedTask;

        private RunningSource(UdpStreamSource source, IPEndPoint to)
        {
            Source = source;
            To = to;
        }

        public UdpStreamSource Source { get; }

        public CollectingSink Sink { get; } = new();

        public Socket Sender { get; } = LoopbackUdp.Sender();

        public IPEndPoint To { get; }

        public static async Task<RunningSource> StartAsync(TimeSpan batchInterval)
        {
            var options = new IngestOptions { ReceiveBatchInterval = batchInterval };
            var port = LoopbackUdp.FreeUdpPort();
            var source = (UdpStreamSource)new StreamSourceFactory(options).Create($"udp://127.0.0.1:{port}");
            var running = new RunningSource(source, new IPEndPoint(IPAddress.Loopback, port));
            running._run = source.RunAsync(running.Sink, running._cts.Token);
            // The socket is bound once the first datagram gets through (earlier ones may be lost).
            Assert.True(await CollectingSink.WaitUntilAsync(() =>
            {
                running.Sender.SendTo(Numbered(0), running.To);
                return running.Sink.Length > 0;
            }));
            // Probes sent meanwhile may still be queued in the socket (a loaded machine drains it
            // late; a fixed wait once let one arrive inside a test's data). One sender on loopback
            // delivers in order, so once a fence sent after them has arrived, so have they.
            var fence = Packets(1, 0x5A);
            running.Sender.SendTo(fence, running.To);
            Assert.True(await CollectingSink.WaitUntilAsync(() => running.Sink.ToArray().AsSpan().EndsWith(fence)), "the start-up fence never arrived");
            return running;
        }

        /// <summary>Cancels the source: its run ends with the cancellation.</summary>
        public async Task StopAsync()
        {
            await _cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _run);
        }

        public async ValueTask DisposeAsync()
        {
            await _cts.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }

            Sender.Dispose();
            _cts.Dispose();
        }
    }

    private static byte[] Packets(int count, int index)
    {
        var d = new byte[count * 188];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = i % 188 == 0 ? (byte)0x47 : (byte)(index + (i / 188) + i);
        }

        return d;
    }

    private static byte[] Numbered(int index)
    {
        var d = new byte[1316];
        for (var i = 0; i < d.Length; i += 188)
        {
            d[i] = 0x47;
            d[i + 1] = 0x10;
            d[i + 2] = (byte)index;
        }

        return d;
    }
}
