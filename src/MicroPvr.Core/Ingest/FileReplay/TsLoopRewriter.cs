using MicroPvr.Media.MpegTs;
using MicroPvr.Media.Time;

namespace MicroPvr.Core.Ingest.FileReplay;

/// <summary>
/// Rewrites the packets of a file replayed in a loop so that the output is one continuous live
/// stream: each pass shifts PCR (ISO/IEC 13818-1 §2.4.3.5), PTS and DTS (§2.4.3.7) by the pass
/// duration and renumbers continuity counters (§2.4.3.3) to follow the previous pass. In place,
/// no allocation. Not thread-safe.
/// </summary>
internal sealed class TsLoopRewriter(TsFileTimeline timeline)
{
    private readonly int[] _ccDelta = new int[TsPacket.MaxPid + 1];
    private readonly int[] _lastCc = TsFileTimeline.CreateCcTable();
    private long _shift27M;

    /// <summary>Passes started so far minus one (0 during the first pass).</summary>
    public long Loop { get; private set; }

    /// <summary>Shift of the current pass, 90 kHz.</summary>
    public long Shift90k => _shift27M / 300;

    /// <summary>Starts the next pass: timestamps move on by one pass, counters continue.</summary>
    public void StartNextLoop()
    {
        Loop++;
        _shift27M = Loop * timeline.LoopDuration27M;
        for (var pid = 0; pid <= TsPacket.MaxPid; pid++)
        {
            var first = timeline.FirstCc[pid];
            if (first >= 0 && _lastCc[pid] >= 0)
            {
                _ccDelta[pid] = (_lastCc[pid] + 1 - first) & 0x0F;
            }
        }
    }

    /// <summary>
    /// Rewrites one packet. Returns the time of the packet on the replay's clock (27 MHz since the
    /// first PCR of the first pass) when it carries a PCR of the pacing PID, else -1.
    /// </summary>
    public long Rewrite(Span<byte> packet)
    {
        var pid = TsPacket.Pid(packet);
        if (pid == TsPacket.NullPid)
        {
            return -1;
        }

        var cc = (TsPacket.ContinuityCounter(packet) + _ccDelta[pid]) & 0x0F;
        packet[3] = (byte)((packet[3] & 0xF0) | cc);
        if (TsPacket.HasPayload(packet))
        {
            _lastCc[pid] = cc;
        }

        var elapsed = -1L;
        if (TsPacket.TryGetPcr(packet, out var pcr))
        {
            if (pid == timeline.PcrPid)
            {
                elapsed = MpegClock.DeltaPcr(timeline.FirstPcr27M, pcr) + _shift27M;
            }

            if (_shift27M != 0)
            {
                TsPacket.WritePcr(packet.Slice(6, 6), MpegClock.AddPcr(pcr, _shift27M));
            }
        }

        if (_shift27M != 0 && PesTimestamps.TryLocate(packet, out var ptsAt, out var dtsAt))
        {
            var shift = Shift90k;
            PesHeader.WriteTimestamp(packet.Slice(ptsAt, 5), MpegClock.Add33(PesHeader.ReadTimestamp(packet.Slice(ptsAt, 5)), shift));
            if (dtsAt >= 0)
            {
                PesHeader.WriteTimestamp(packet.Slice(dtsAt, 5), MpegClock.Add33(PesHeader.ReadTimestamp(packet.Slice(dtsAt, 5)), shift));
            }
        }

        return elapsed;
    }
}
