using MicroPvr.Media.MpegTs;
using MicroPvr.Media.Time;
using MicroPvr.TestKit;

namespace MicroPvr.Media.Tests.MpegTs;

public sealed class TsPacketRewriterTests
{
    [Fact]
    public void Shifting_every_packet_shifts_every_pcr_pts_and_keyframe_by_the_same_amount()
    {
        var data = File.ReadAllBytes(Fixtures.H264Aac);
        var (before, _) = Demux.Run(data, 4096);
        // Across the 33-bit wrap on purpose.
        var delta90k = MpegClock.Wrap33 - 200_000;
        var shifted = data.ToArray();
        for (var i = 0; i < shifted.Length; i += 188)
        {
            var p = shifted.AsSpan(i, 188);
            TsPacketRewriter.TryShiftPcr(p, delta90k * 300);
            TsPacketRewriter.TryShiftPesTimestamps(p, delta90k);
        }

        var (after, d) = Demux.Run(shifted, 4096);
        Assert.Equal(0, d.ContinuityErrors);
        Assert.Equal(before.RandomAccessPoints.Count, after.RandomAccessPoints.Count);
        for (var i = 0; i < before.RandomAccessPoints.Count; i++)
        {
            Assert.Equal(MpegClock.Add33(before.RandomAccessPoints[i].Pts90k, delta90k), after.RandomAccessPoints[i].Pts90k);
            Assert.Equal(MpegClock.Add33(before.RandomAccessPoints[i].Dts90k, delta90k), after.RandomAccessPoints[i].Dts90k);
        }

        Assert.Equal(before.Pcrs.Select(p => MpegClock.AddPcr(p.Pcr27M, delta90k * 300)), after.Pcrs.Select(p => p.Pcr27M));
        Assert.DoesNotContain(after.Pcrs, p => p.IsJump); // the wrap is not a jump
    }

    [Fact]
    public void Rewritten_continuity_counters_continue_across_a_loop()
    {
        var data = File.ReadAllBytes(Fixtures.H264Aac);
        var looped = data.Concat(data).ToArray();
        var (naive, _) = Demux.Run(looped, 4096);
        Assert.True(naive.ContinuityErrors > 0);

        var next = new int[8192];
        Array.Fill(next, -1);
        for (var i = 0; i < looped.Length; i += 188)
        {
            var p = looped.AsSpan(i, 188);
            var pid = TsPacket.Pid(p);
            if (!TsPacket.HasPayload(p))
            {
                continue;
            }

            next[pid] = (next[pid] + 1) & 0x0F;
            TsPacketRewriter.SetContinuityCounter(p, next[pid]);
        }

        var (fixedUp, _) = Demux.Run(looped, 4096);
        Assert.Equal(0, fixedUp.ContinuityErrors);
    }

    [Fact]
    public void Pcr_encoding_round_trips()
    {
        var field = new byte[6];
        foreach (var pcr in new[] { 0L, 1, 299, 300, MpegClock.PcrWrap - 1, 123_456_789_012 })
        {
            TsPacket.WritePcr(field, pcr);
            Assert.Equal(pcr, TsPacket.ReadPcr(field));
        }
    }
}
