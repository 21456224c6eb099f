using MicroPvr.Media.MpegTs.Psi;
using MicroPvr.Media.Time;

namespace MicroPvr.Media.MpegTs;

/// <summary>
/// MPEG-TS demultiplexer (ISO/IEC 13818-1): feed it bytes in chunks of any size with
/// <see cref="Push"/>; it finds packets, tracks continuity and PCR per PID, follows PAT and PMT,
/// reads PES headers and detects random-access points, and reports all of it synchronously to an
/// <see cref="ITsDemuxHandler"/>. Not thread-safe: one demuxer per input. No allocation per
/// packet once every PID has been seen (tables allocate only when they change).
/// </summary>
public sealed partial class TsDemuxer : ITsPacketSink
{
    private readonly ITsDemuxHandler _handler;
    private readonly TsDemuxerOptions _options;
    private readonly TsPacketReader _reader;
    private readonly PidContext?[] _pids = new PidContext?[TsPacket.MaxPid + 1];
    private readonly long _pcrJumpThreshold27M;
    private long _now;
    private int _clockPid = -1;
    private PcrUnwrapper _clock;

    public TsDemuxer(ITsDemuxHandler handler, TsDemuxerOptions? options = null)
    {
        _handler = handler;
        _options = options ?? new TsDemuxerOptions();
        _reader = new TsPacketReader(this);
        _pcrJumpThreshold27M = (long)(_options.PcrJumpThreshold.TotalSeconds * MpegClock.Hz27M);
        _pids[TsPacket.PatPid] = new PidContext(TsPacket.PatPid) { Role = PidRole.Pat, Sections = new SectionAssembler() };
    }

    /// <summary>Packets analysed so far.</summary>
    public long PacketCount => _reader.PacketCount;

    /// <summary>Bytes pushed so far (the byte offset of the next input byte).</summary>
    public long BytesPushed => _reader.BytesPushed;

    /// <summary>Bytes discarded while searching for sync.</summary>
    public long GarbageBytes => _reader.GarbageBytes;

    /// <summary>Detected framing: 188, 192 (M2TS) or 204, or 0 before sync.</summary>
    public int PacketStride => _reader.PacketStride;

    public long ContinuityErrors { get; private set; }

    public long TransportErrors { get; private set; }

    public long SyncLosses { get; private set; }

    public long PsiErrors { get; private set; }

    /// <summary>
    /// Feeds input bytes. <paramref name="receivedTimestamp"/> is the receive time of the chunk
    /// (TimeProvider.GetTimestamp() units, see <see cref="TsDemuxerOptions.TimestampFrequency"/>), or 0
    /// when unknown (files): it drives PCR jitter and last-packet times only.
    /// </summary>
    public void Push(ReadOnlySpan<byte> data, long receivedTimestamp = 0)
    {
        _now = receivedTimestamp;
        _reader.Push(data);
    }

    /// <summary>End of input: delivers a last packet that had no successor, and ends the open PES packets.</summary>
    public void Flush()
    {
        _reader.Flush();
        foreach (var ctx in _pids)
        {
            if (ctx is { Role: PidRole.Pes, InPes: true })
            {
                EndPes(ctx);
            }
        }
    }

    /// <summary>Statistics of one PID, or null when it was never seen.</summary>
    public StreamStatistics? GetStatistics(int pid) => (uint)pid <= TsPacket.MaxPid ? _pids[pid]?.Statistics : null;

    /// <summary>Statistics of every PID seen, by PID.</summary>
    public IReadOnlyList<StreamStatistics> GetAllStatistics()
    {
        var list = new List<StreamStatistics>();
        foreach (var ctx in _pids)
        {
            if (ctx is not null)
            {
                list.Add(ctx.Statistics);
            }
        }

        return list;
    }

    /// <summary>The last continuity_counter seen on a PID, or -1.</summary>
    public int GetLastContinuityCounter(int pid) => (uint)pid <= TsPacket.MaxPid ? _pids[pid]?.LastCc ?? -1 : -1;

    void ITsPacketSink.OnSyncAcquired(long byteOffset, int packetSize, long skippedBytes) =>
        _handler.OnSyncAcquired(byteOffset, packetSize, skippedBytes);

    void ITsPacketSink.OnSyncLost(long byteOffset)
    {
        SyncLosses++;
        _handler.OnSyncLost(byteOffset);
    }

    void ITsPacketSink.OnPacket(ReadOnlySpan<byte> packet, long byteOffset, long packetIndex)
    {
        if (_options.DeliverPackets)
        {
            _handler.OnPacket(packet, byteOffset, packetIndex);
        }

        var pid = TsPacket.Pid(packet);
        var ctx = _pids[pid] ??= new PidContext(pid);
        var stats = ctx.Statistics;
        stats.Packets++;
        stats.LastPacketTimestamp = _now;
        UpdateBitrate(ctx);

        if (TsPacket.TransportError(packet))
        {
            // §2.4.3.2: at least one uncorrectable bit error; nothing in the packet can be trusted.
            stats.TransportErrors++;
            TransportErrors++;
            _handler.OnTransportError(pid, byteOffset);
            return;
        }

        if (pid == TsPacket.NullPid)
        {
            return;
        }

        if (!TsPacket.IsAdaptationFieldValid(packet))
        {
            stats.MalformedPackets++;
            return;
        }

        var discontinuity = TsPacket.DiscontinuityIndicator(packet);
        var hasPayload = TsPacket.HasPayload(packet);
        if (hasPayload && !CheckContinuity(ctx, packet, discontinuity, byteOffset))
        {
            return; // a duplicate: its payload was already processed
        }

        if (TsPacket.TryGetPcr(packet, out var pcr))
        {
            OnPcr(ctx, pcr, byteOffset, packetIndex, discontinuity);
        }

        var payloadOffset = TsPacket.PayloadOffset(packet);
        if (payloadOffset < 0)
        {
            return;
        }

        var payload = packet[payloadOffset..TsPacket.Size];
        var unitStart = TsPacket.PayloadUnitStart(packet);
        switch (ctx.Role)
        {
            case PidRole.Pat:
            case PidRole.Pmt:
                FeedSection(ctx, payload, unitStart, byteOffset);
                break;
            case PidRole.Pes:
                if (TsPacket.ScramblingControl(packet) != 0)
                {
                    stats.ScrambledPackets++;
                    ctx.InPes = false;
                    break;
                }

                FeedPes(ctx, packet, payload, unitStart, byteOffset, packetIndex);
                break;
        }
    }

    /// <summary>
    /// continuity_counter rules (§2.4.3.3): +1 mod 16 per packet with payload; one repeat is a
    /// legal duplicate; anything else is lost packets unless discontinuity_indicator is set.
    /// Returns false for a duplicate.
    /// </summary>
    private bool CheckContinuity(PidContext ctx, ReadOnlySpan<byte> packet, bool discontinuity, long byteOffset)
    {
        var cc = TsPacket.ContinuityCounter(packet);
        var last = ctx.LastCc;
        ctx.LastCc = cc;
        if (last < 0 || discontinuity)
        {
            ctx.LastWasDuplicate = false;
            return true;
        }

        if (cc == last && !ctx.LastWasDuplicate)
        {
            ctx.LastWasDuplicate = true;
            ctx.Statistics.DuplicatePackets++;
            return false;
        }

        ctx.LastWasDuplicate = false;
        var expected = (last + 1) & 0x0F;
        if (cc != expected)
        {
            ctx.Statistics.ContinuityErrors++;
            ContinuityErrors++;
            _handler.OnContinuityError(ctx.Pid, expected, cc, byteOffset);
            OnPayloadLost(ctx);
        }

        return true;
    }

    /// <summary>Packets were lost: the PES or section in progress is incomplete and must not be trusted.</summary>
    private static void OnPayloadLost(PidContext ctx)
    {
        ctx.InPes = false;
        ctx.Sections?.Abandon();
    }

    private void OnPcr(PidContext ctx, long pcr, long byteOffset, long packetIndex, bool discontinuity)
    {
        var stats = ctx.Statistics;
        stats.PcrCount++;
        long delta = 0;
        var jump = discontinuity;
        if (ctx.LastPcr >= 0)
        {
            delta = MpegClock.DeltaPcr(ctx.LastPcr, pcr);
            jump |= delta < 0 || delta > _pcrJumpThreshold27M;
            if (jump)
            {
                stats.PcrDiscontinuities++;
            }
            else
            {
                stats.MaxPcrInterval27M = Math.Max(stats.MaxPcrInterval27M, delta);
                if (_now != 0 && ctx.LastPcrTimestamp != 0)
                {
                    var received = (double)(_now - ctx.LastPcrTimestamp) / _options.TimestampFrequency;
                    var jitter = Math.Abs(received - ((double)delta / MpegClock.Hz27M));
                    stats.MaxPcrJitterSeconds = Math.Max(stats.MaxPcrJitterSeconds, jitter);
                    stats.PcrJitterSeconds += (jitter - stats.PcrJitterSeconds) / 16;
                }
            }
        }

        ctx.LastPcr = pcr;
        ctx.LastPcrTimestamp = _now;
        if (_clockPid < 0)
        {
            _clockPid = ctx.Pid;
        }

        if (_clockPid == ctx.Pid)
        {
            if (jump)
            {
                _clock.Reset();
            }

            _clock.Unwrap(pcr);
        }

        _handler.OnPcr(new PcrSample(ctx.Pid, pcr, byteOffset, packetIndex, discontinuity, delta, jump));
    }

    /// <summary>Per-PID bitrate over windows of about one second of the reference PCR clock.</summary>
    private void UpdateBitrate(PidContext ctx)
    {
        if (!_clock.HasValue)
        {
            return;
        }

        var clock = _clock.Last;
        var elapsed = clock - ctx.WindowStartClock;
        if (ctx.WindowStartClock < 0 || elapsed < 0 || elapsed > 10 * MpegClock.Hz27M)
        {
            ctx.WindowStartClock = clock;
            ctx.WindowStartPackets = ctx.Statistics.Packets;
            return;
        }

        if (elapsed >= MpegClock.Hz27M)
        {
            var bits = (ctx.Statistics.Packets - ctx.WindowStartPackets) * TsPacket.Size * 8;
            ctx.Statistics.BitrateBps = bits * MpegClock.Hz27M / elapsed;
            ctx.WindowStartClock = clock;
            ctx.WindowStartPackets = ctx.Statistics.Packets;
        }
    }
}
