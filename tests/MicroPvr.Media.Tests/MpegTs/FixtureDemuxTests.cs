using MicroPvr.Media.MpegTs;
using MicroPvr.Media.MpegTs.Psi;
using MicroPvr.TestKit;

namespace MicroPvr.Media.Tests.MpegTs;

public sealed class FixtureDemuxTests
{
    public static TheoryData<string> AllFixtures() =>
        ["h264_aac.ts", "h265_ac3.ts", "mpeg2_mp2.ts", "radio_aac.ts", "multi_program.ts", "errors.ts"];

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Chunk_size_does_not_change_anything(string name)
    {
        var data = File.ReadAllBytes(Path.Combine(Fixtures.Directory, name));
        var (reference, refDemuxer) = Demux.Run(data, data.Length);
        Assert.NotEmpty(reference.RandomAccessPoints);
        foreach (var chunk in new[] { 1, 7, 188, 1316, 4096 })
        {
            var (h, d) = Demux.Run(data, chunk);
            Assert.Equal(reference.Events, h.Events);
            Assert.Equal(refDemuxer.PacketCount, d.PacketCount);
            Assert.Equal(refDemuxer.GarbageBytes, d.GarbageBytes);
        }
    }

    [Theory]
    [InlineData("h264_aac.ts", StreamCodec.H264, StreamCodec.AacAdts)]
    [InlineData("h265_ac3.ts", StreamCodec.H265, StreamCodec.Ac3)]
    [InlineData("mpeg2_mp2.ts", StreamCodec.Mpeg2Video, StreamCodec.Mpeg1Audio)]
    public void Pat_and_pmt_describe_the_programme(string name, StreamCodec video, StreamCodec audio)
    {
        var (h, d) = Demux.RunFile(Path.Combine(Fixtures.Directory, name));
        var pat = Assert.Single(h.Pats);
        Assert.Equal([new PatProgram(1, 0x1000)], pat.Programs);
        var pmt = Assert.Single(h.Pmts);
        Assert.Equal(1, pmt.ProgramNumber);
        Assert.Equal(0x100, pmt.PcrPid);
        Assert.Equal([(0x100, video), (0x101, audio)], pmt.Streams.Select(s => (s.Pid, s.Codec)));
        Assert.False(pmt.IsAudioOnly);
        Assert.Same(pmt, d.GetPmt(1));
        Assert.Equal(0, d.ContinuityErrors);
        Assert.Equal(0, d.GarbageBytes);
        Assert.Equal(188, d.PacketStride);
    }

    [Theory]
    [InlineData("h264_aac.ts", RandomAccessKind.H264Idr)]
    [InlineData("h265_ac3.ts", RandomAccessKind.H265Irap)]
    [InlineData("mpeg2_mp2.ts", RandomAccessKind.Mpeg2SequenceHeader)]
    public async Task Keyframes_match_ffprobe(string name, RandomAccessKind kind)
    {
        var path = Path.Combine(Fixtures.Directory, name);
        var expected = await Ffmpeg.ProbeVideoKeyframesAsync(path);
        var (h, _) = Demux.RunFile(path, 1316);
        var video = h.RandomAccessPoints.Where(p => p.Pid == 0x100).ToList();
        Assert.True(expected.Count >= 2, "fixture has several keyframes");
        Assert.Equal(expected, video.Select(p => (p.Pts90k, p.PesByteOffset)));
        Assert.All(video, p => Assert.Equal(kind, p.Kind));
    }

    [Fact]
    public void H264_fixture_has_a_keyframe_every_two_seconds()
    {
        var (h, _) = Demux.RunFile(Fixtures.H264Aac);
        var video = h.RandomAccessPoints.Where(p => p.Pid == 0x100).ToList();
        Assert.Equal(5, video.Count);
        for (var i = 1; i < video.Count; i++)
        {
            Assert.Equal(180_000, video[i].Pts90k - video[i - 1].Pts90k);
        }

        // ffmpeg flags its keyframes with random_access_indicator too.
        Assert.All(video, p => Assert.True(p.RandomAccessIndicator));
    }

    [Fact]
    public async Task Radio_programme_gets_an_access_point_per_audio_pes()
    {
        var (h, d) = Demux.RunFile(Fixtures.RadioAac);
        var pmt = Assert.Single(h.Pmts);
        Assert.True(pmt.IsAudioOnly);
        var stats = d.GetStatistics(0x100)!;
        Assert.True(stats.PesPackets >= 20);

        // ffprobe gives every AAC frame the pos of the PES that carries it: the first frame of each PES is ours.
        var probe = await Ffmpeg.ProbeAsync(["-v", "error", "-show_entries", "packet=pts,pos", "-of", "csv=p=0", Fixtures.RadioAac]);
        var firstPerPes = probe.EnsureSuccess("ffprobe").StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(','))
            .Where(f => f.Length >= 2 && long.TryParse(f[1], out _)) // frames split out of a PES have pos N/A
            .Select(f => (Pts: long.Parse(f[0]), Pos: long.Parse(f[1])))
            .GroupBy(x => x.Pos)
            .Select(g => g.First())
            .ToList();
        Assert.Equal(firstPerPes, h.RandomAccessPoints.Select(p => (p.Pts90k, p.PesByteOffset)));
        Assert.Equal(stats.PesPackets, h.RandomAccessPoints.Count);
        Assert.All(h.RandomAccessPoints, p => Assert.Equal(RandomAccessKind.AudioFrame, p.Kind));
        Assert.All(h.RandomAccessPoints, p => Assert.True(p.Pts90k >= 0));
    }

    [Fact]
    public void Multi_program_stream_has_two_pmts_and_keyframes_in_both()
    {
        var (h, d) = Demux.RunFile(Fixtures.MultiProgram);
        Assert.Equal([1, 2], h.Pats.Single().Programs.Select(p => p.ProgramNumber));
        Assert.Equal(2, d.Pmts.Count);
        Assert.Equal(StreamCodec.H264, d.GetPmt(1)!.Streams[0].Codec);
        Assert.Equal(StreamCodec.Mpeg2Video, d.GetPmt(2)!.Streams[0].Codec);
        Assert.Contains(h.RandomAccessPoints, p => p.ProgramNumber == 1 && p.Kind == RandomAccessKind.H264Idr);
        Assert.Contains(h.RandomAccessPoints, p => p.ProgramNumber == 2 && p.Kind == RandomAccessKind.Mpeg2SequenceHeader);
        Assert.DoesNotContain(h.RandomAccessPoints, p => p.Kind == RandomAccessKind.AudioFrame);
    }

    [Fact]
    public void Damaged_stream_reports_faults_and_still_finds_keyframes()
    {
        var (h, d) = Demux.RunFile(Fixtures.Errors, 1316);
        Assert.True(d.ContinuityErrors > 0);
        Assert.Equal(d.ContinuityErrors, h.ContinuityErrors);
        Assert.True(d.TransportErrors > 0);
        Assert.True(d.SyncLosses > 0);
        Assert.True(d.GarbageBytes > 0);
        Assert.Equal(188, d.PacketStride);
        Assert.True(d.GetStatistics(0x100)!.DuplicatePackets > 0);
        Assert.True(h.RandomAccessPoints.Count(p => p.Pid == 0x100) >= 3);
        var data = File.ReadAllBytes(Fixtures.Errors);
        Assert.All(h.RandomAccessPoints, p => Assert.Equal(TsPacket.SyncByte, data[p.PesByteOffset]));
    }

    [Fact]
    public void Pcr_is_read_on_the_pcr_pid_and_never_jumps_in_a_clean_file()
    {
        var (h, d) = Demux.RunFile(Fixtures.H264Aac);
        Assert.True(h.Pcrs.Count > 100);
        Assert.All(h.Pcrs, p => Assert.Equal(0x100, p.Pid));
        Assert.DoesNotContain(h.Pcrs, p => p.IsJump);
        var stats = d.GetStatistics(0x100)!;
        Assert.Equal(h.Pcrs.Count, stats.PcrCount);
        Assert.InRange(stats.MaxPcrInterval27M, 1, 27_000_000 / 10);
        Assert.True(stats.BitrateBps > 50_000);
    }
}
