using System.Net.Sockets;
using MicroPvr.Core.Ingest.Rtp;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Ingest.Udp;

/// <summary>
/// `udp://` (raw MPEG-TS in datagrams) and `rtp://` (RFC 3550 over UDP) sources, multicast or
/// unicast (docs/sources.md). One pinned receive buffer, reused for every datagram.
/// </summary>
public sealed class UdpStreamSource : IStreamSource
{
    // Largest UDP payload: any datagram fits, so none is truncated.
    private const int MaxDatagram = 65536;

    private readonly UdpSourceAddress _address;
    private readonly bool _rtp;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private RtpDepacketizer? _depacketizer;

    public UdpStreamSource(string url, UdpSourceAddress address, bool rtp, IngestOptions options, TimeProvider time, ILogger logger)
    {
        Url = url;
        _address = address;
        _rtp = rtp;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Url { get; }

    /// <summary>Datagrams received (all sockets, across reopenings).</summary>
    public long Datagrams { get; private set; }

    /// <summary>RTP packets declared lost by sequence gaps (0 for udp://).</summary>
    public long RtpLostPackets => _depacketizer?.LostPackets ?? 0;

    /// <summary>RTP packets put back in order.</summary>
    public long RtpReorderedPackets => _depacketizer?.ReorderedPackets ?? 0;

    public async Task RunAsync(IStreamSink sink, CancellationToken ct)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
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
                    await ReceiveLoopAsync(socket, buffer, sink, backoff, ct).ConfigureAwait(false);
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

    private async Task ReceiveLoopAsync(Socket socket, byte[] buffer, IStreamSink sink, ReconnectBackoff backoff, CancellationToken ct)
    {
        var memory = buffer.AsMemory();
        var first = true;
        while (true)
        {
            var received = await socket.ReceiveAsync(memory, SocketFlags.None, ct).ConfigureAwait(false);
            var now = _time.GetTimestamp();
            Datagrams++;
            if (first)
            {
                backoff.Reset();
                first = false;
            }

            if (_depacketizer is { } rtp)
            {
                var lost = rtp.Process(buffer.AsSpan(0, received), now, sink);
                if (lost > 0)
                {
                    IngestLog.RtpLoss(_logger, Url, lost);
                }
            }
            else
            {
                sink.OnData(buffer.AsSpan(0, received), now);
            }
        }
    }
}
