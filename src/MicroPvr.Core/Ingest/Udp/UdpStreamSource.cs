using System.Net.Sockets;
using MicroPvr.Core.Ingest.Rtp;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Ingest.Udp;

/// <summary>
/// `udp://` (raw MPEG-TS in datagrams) and `rtp://` (RFC 3550 over UDP) sources, multicast or
/// unicast (docs/sources.md). One pinned batch buffer, reused for every datagram.
/// Receive batching (docs/sources.md): the source waits for the shared <see cref="ReceivePacer"/>
/// tick and then takes every datagram queued meanwhile with non-blocking receives, and hands raw
/// TS datagrams to the sink as one contiguous span per batch. At 8 Mbit/s and a 10 ms tick that is one wake-up per ~8
/// datagrams instead of one thread-pool dispatch per datagram (the per-datagram wake-ups, and
/// the thread pool spinning between them, were most of the recorder's CPU). On Linux a drain is
/// recvmmsg(2) calls (<see cref="DatagramBatchReceiver"/>): up to a whole batch of datagrams per
/// system call, landing contiguous in the batch buffer, and a call that returns fewer than it could
/// take ends the drain without the extra receive that would only say "empty".
/// </summary>
public sealed class UdpStreamSource : IStreamSource
{
    // Largest UDP payload: any datagram fits, so none is truncated.
    private const int MaxDatagram = 65536;

    // Batch buffer: datagrams of one drain are appended here and go to the sink together.
    private const int BatchBytes = 256 * 1024;

    // Datagrams taken in one drain before yielding (a source faster than we are must not starve the others).
    private const int MaxDrainDatagrams = 4096;

    // Most datagrams per recvmmsg call (a 256 KiB batch holds 199 of 1316 bytes).
    private const int MaxBatchDatagrams = 256;

    private readonly UdpSourceAddress _address;
    private readonly bool _rtp;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReceivePacer? _pacer;
    private RtpDepacketizer? _depacketizer;

    /// <summary>A source that wakes up for every datagram (no shared tick).</summary>
    public UdpStreamSource(string url, UdpSourceAddress address, bool rtp, IngestOptions options, TimeProvider time, ILogger logger)
        : this(url, address, rtp, options, time, logger, null)
    {
    }

    /// <param name="pacer">Shared tick for receive batching; null wakes up for every datagram.</param>
    internal UdpStreamSource(string url, UdpSourceAddress address, bool rtp, IngestOptions options, TimeProvider time, ILogger logger, ReceivePacer? pacer)
    {
        Url = url;
        _address = address;
        _rtp = rtp;
        _options = options;
        _time = time;
        _logger = logger;
        _pacer = pacer;
    }

    public string Url { get; }

    /// <summary>Datagrams received (all sockets, across reopenings).</summary>
    public long Datagrams { get; private set; }

    /// <summary>RTP packets declared lost by sequence gaps (0 for udp://).</summary>
    public long RtpLostPackets => _depacketizer?.LostPackets ?? 0;

    /// <summary>RTP packets put back in order.</summary>
    public long RtpReorderedPackets => _depacketizer?.ReorderedPackets ?? 0;

    /// <summary>Times the source woke up to receive (a paced drain, or an async receive when unpaced).</summary>
    public long WakeUps { get; private set; }

    /// <summary>Receive system calls made (including the ones that found the socket empty).</summary>
    public long ReceiveCalls { get; private set; }

    /// <summary>Datagrams dropped because they were larger than the batch slots (see <see cref="DatagramBatchReceiver"/>).</summary>
    public long TruncatedDatagrams { get; private set; }

    public async Task RunAsync(IStreamSink sink, CancellationToken ct)
    {
        // Paced on Linux: batch receives (recvmmsg) into the receiver's own pinned buffer.
        using var batch = _pacer is not null && LinuxDatagramCalls.IsSupported ? new DatagramBatchReceiver(BatchBytes, MaxBatchDatagrams) : null;
        var buffer = batch?.Buffer ?? GC.AllocateUninitializedArray<byte>(BatchBytes + MaxDatagram, pinned: true);
        var backoff = new ReconnectBackoff(_options);
        var opened = false;
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = UdpSocketOpener.Open(_address, _options, Url, _logger);
            }
            catch (SocketException e)
            {
                var delay = backoff.Next();
                IngestLog.OpenFailed(_logger, Url, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                continue;
            }

            using (socket)
            {
                IngestLog.Opened(_logger, Url, UdpSocketOpener.Describe(_address));
                if (opened)
                {
                    sink.OnSourceEvent(StreamSourceEvent.Restarted);
                }

                opened = true;
                _depacketizer = _rtp ? _depacketizer ?? new RtpDepacketizer(_options.RtpReorderWindow) : null;
                try
                {
                    await ReceiveLoopAsync(socket, buffer, batch, sink, backoff, ct).ConfigureAwait(false);
                }
                catch (SocketException e)
                {
                    var delay = backoff.Next();
                    IngestLog.ConnectionLost(_logger, Url, e.Message, delay.TotalSeconds);
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                }
            }
        }

        ct.ThrowIfCancellationRequested();
    }

    private async Task ReceiveLoopAsync(Socket socket, byte[] buffer, DatagramBatchReceiver? batch, IStreamSink sink, ReconnectBackoff backoff, CancellationToken ct)
    {
        if (_pacer is null)
        {
            await ReceiveEachAsync(socket, buffer, sink, backoff, ct).ConfigureAwait(false);
            return;
        }

        // Paced: never an async socket operation, because .NET then registers the socket with its
        // edge-triggered epoll thread for good, and that thread wakes up for every datagram that
        // arrives even when nobody waits. A drain on an empty socket is one non-blocking syscall.
        socket.Blocking = false;
        var first = true;
        while (true)
        {
            await _pacer.NextTickAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            WakeUps++;
            var received = batch is null ? Drain(socket, buffer, sink) : DrainBatched(socket, batch, sink);
            if (received > 0 && first)
            {
                backoff.Reset();
                first = false;
            }
        }
    }

    /// <summary>Unpaced: one async receive (one wake-up) per datagram.</summary>
    private async Task ReceiveEachAsync(Socket socket, byte[] buffer, IStreamSink sink, ReconnectBackoff backoff, CancellationToken ct)
    {
        var memory = buffer.AsMemory(0, MaxDatagram);
        var first = true;
        while (true)
        {
            var received = await socket.ReceiveAsync(memory, SocketFlags.None, ct).ConfigureAwait(false);
            var now = _time.GetTimestamp();
            WakeUps++;
            if (first)
            {
                backoff.Reset();
                first = false;
            }

            Deliver(buffer, Accept(buffer, 0, received, now, sink), now, sink);
        }
    }

    /// <summary>Takes every queued datagram (up to <see cref="MaxDrainDatagrams"/>); returns how many.</summary>
    private int Drain(Socket socket, byte[] buffer, IStreamSink sink)
    {
        var now = _time.GetTimestamp();
        var filled = 0;
        var count = 0;
        while (count < MaxDrainDatagrams)
        {
            var received = socket.Receive(buffer.AsSpan(filled, MaxDatagram), SocketFlags.None, out var error);
            ReceiveCalls++;
            if (error == SocketError.WouldBlock)
            {
                break;
            }

            if (error == SocketError.Interrupted)
            {
                continue;
            }

            if (error != SocketError.Success)
            {
                Deliver(buffer, filled, now, sink);
                throw new SocketException((int)error);
            }

            count++;
            filled = Accept(buffer, filled, received, now, sink);
            if (filled > BatchBytes)
            {
                Deliver(buffer, filled, now, sink);
                filled = 0;
            }
        }

        Deliver(buffer, filled, now, sink);
        return count;
    }

    /// <summary>
    /// <see cref="Drain"/> with recvmmsg: each call takes up to a batch; raw TS goes to the sink as
    /// the runs of datagrams that lie back to back in the buffer (one run for a constant-size
    /// stream). A call that took fewer than it could means the socket is empty: the drain ends.
    /// </summary>
    private int DrainBatched(Socket socket, DatagramBatchReceiver batch, IStreamSink sink)
    {
        var now = _time.GetTimestamp();
        var buffer = batch.Buffer;
        var count = 0;
        while (count < MaxDrainDatagrams)
        {
            var capacity = batch.Capacity;
            var n = batch.Receive(socket);
            ReceiveCalls++;
            if (n == 0)
            {
                break;
            }

            count += n;
            Datagrams += n;
            if (batch.LastTruncatedBytes > 0)
            {
                TruncatedDatagrams = batch.Truncated;
                IngestLog.DatagramTruncated(_logger, Url, batch.LastTruncatedBytes, batch.SlotBytes, batch.Truncated);
            }

            DeliverBatch(buffer, batch, n, now, sink);
            if (n < capacity)
            {
                break;
            }
        }

        return count;
    }

    private void DeliverBatch(byte[] buffer, DatagramBatchReceiver batch, int n, long now, IStreamSink sink)
    {
        var runStart = 0;
        var runEnd = 0;
        for (var i = 0; i < n; i++)
        {
            var length = batch.Length(i);
            if (length <= 0)
            {
                continue;
            }

            var offset = batch.Offset(i);
            if (_depacketizer is { } rtp)
            {
                var lost = rtp.Process(buffer.AsSpan(offset, length), now, sink);
                if (lost > 0)
                {
                    IngestLog.RtpLoss(_logger, Url, lost);
                }

                continue;
            }

            if (offset != runEnd)
            {
                Deliver(buffer, runStart, runEnd, now, sink);
                runStart = offset;
            }

            runEnd = offset + length;
        }

        Deliver(buffer, runStart, runEnd, now, sink);
    }

    /// <summary>
    /// One datagram received at <paramref name="at"/>: RTP is depacketised at once (it needs the
    /// datagram boundaries); raw TS stays in the batch. Returns the new batch length.
    /// </summary>
    private int Accept(byte[] buffer, int at, int received, long now, IStreamSink sink)
    {
        Datagrams++;
        if (_depacketizer is not { } rtp)
        {
            return at + received;
        }

        var lost = rtp.Process(buffer.AsSpan(at, received), now, sink);
        if (lost > 0)
        {
            IngestLog.RtpLoss(_logger, Url, lost);
        }

        return at;
    }

    private static void Deliver(byte[] buffer, int filled, long now, IStreamSink sink) => Deliver(buffer, 0, filled, now, sink);

    private static void Deliver(byte[] buffer, int start, int end, long now, IStreamSink sink)
    {
        if (end > start)
        {
            sink.OnData(buffer.AsSpan(start, end - start), now);
        }
    }
}
