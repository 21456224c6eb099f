using MicroPvr.Media.MpegTs;
using MicroPvr.Media.Time;

namespace MicroPvr.Core.Ingest.FileReplay;

/// <summary>
/// What a looping replay needs to know about a file, from one scan: the PCR PID and span, the
/// first continuity counter of every PID, and how long one pass lasts so that every timestamp of
/// the next pass lands strictly after the same one of the previous pass.
/// </summary>
internal sealed class TsFileTimeline
{
    public const long PcrWrap27M = MpegClock.PcrWrap;

    public int PcrPid { get; private set; } = -1;

    public long FirstPcr27M { get; private set; } = -1;

    /// <summary>Duration of one pass on the 27 MHz clock: the shift added per loop.</summary>
    public long LoopDuration27M { get; private set; }

    /// <summary>First continuity_counter of each PID's first packet with payload, or -1.</summary>
    public int[] FirstCc { get; } = CreateCcTable();

    /// <summary>Offset of the first packet's sync byte.</summary>
    public long FirstPacketOffset { get; private set; }

    public static int[] CreateCcTable()
    {
        var table = new int[TsPacket.MaxPid + 1];
        Array.Fill(table, -1);
        return table;
    }

    /// <summary>Scans the file; null when it has no 188-byte packets or no PCR to pace by.</summary>
    public static TsFileTimeline? Scan(Stream stream)
    {
        var timeline = new TsFileTimeline();
        var first = TsPacketAligner.FindSync(stream);
        if (first < 0)
        {
            return null;
        }

        timeline.FirstPacketOffset = first;
        stream.Position = first;
        long lastPcr = -1, pcrCount = 0;
        var minPts = new Dictionary<int, (long Min, long Max, long Count)>();
        var aligner = new TsPacketAligner(stream);
        while (aligner.TryReadPacket(out var packet))
        {
            var pid = TsPacket.Pid(packet);
            if (TsPacket.HasPayload(packet) && timeline.FirstCc[pid] < 0)
            {
                timeline.FirstCc[pid] = TsPacket.ContinuityCounter(packet);
            }

            if (TsPacket.TryGetPcr(packet, out var pcr))
            {
                if (timeline.PcrPid < 0)
                {
                    timeline.PcrPid = pid;
                    timeline.FirstPcr27M = pcr;
                }

                if (pid == timeline.PcrPid)
                {
                    lastPcr = pcr;
                    pcrCount++;
                }
            }

            if (PesTimestamps.TryRead(packet, out var pts, out _))
            {
                var span = minPts.TryGetValue(pid, out var s) ? s : (Min: pts, Max: pts, Count: 0L);
                var min = MpegClock.Delta33(span.Min, pts) < 0 ? pts : span.Min;
                var max = MpegClock.Delta33(span.Max, pts) > 0 ? pts : span.Max;
                minPts[pid] = (min, max, span.Count + 1);
            }
        }

        if (timeline.PcrPid < 0 || pcrCount < 2)
        {
            return null;
        }

        // One pass lasts the PCR span plus one PCR interval; if some stream's timestamps span more
        // (plus one frame), use that instead, so no timestamp of the next pass repeats or goes back.
        var pcrSpan = (lastPcr - timeline.FirstPcr27M + PcrWrap27M) % PcrWrap27M;
        var duration = pcrSpan + (pcrSpan / (pcrCount - 1));
        foreach (var (_, s) in minPts)
        {
            if (s.Count >= 2)
            {
                var span90k = MpegClock.Delta33(s.Min, s.Max);
                duration = Math.Max(duration, (span90k + (span90k / (s.Count - 1))) * 300);
            }
        }

        timeline.LoopDuration27M = duration;
        return timeline;
    }
}
