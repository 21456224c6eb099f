using MicroPvr.Core.Ingest;
using MicroPvr.Core.Ingest.FileReplay;
using MicroPvr.Media.MpegTs;
using MicroPvr.Media.Time;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Ingest;

public sealed class FileReplayTests
{
    /// <summary>Runs the rewriter over <paramref name="passes"/> passes of a file, unpaced.</summary>
    private static (byte[] Output, long PacketsPerPass) Loop(string path, int passes)
    {
        using var stream = File.OpenRead(path);
        var timeline = TsFileTimeline.Scan(stream)!;
        var rewriter = new TsLoopRewriter(timeline);
        var output = new MemoryStream();
        long perPass = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            if (pass > 0)
            {
                rewriter.StartNextLoop();
            }

            stream.Position = timeline.FirstPacketOffset;
            var aligner = new TsPacketAligner(stream);
            long count = 0;
            while (aligner.TryReadPacket(out var packet))
            {
                rewriter.Rewrite(packet);
                output.Write(packet);
                count++;
            }

            perPass = count;
        }

        return (output.ToArray(), perPass);
    }

    private sealed class Timeline : ITsDemuxHandler
    {
        public List<PcrSample> Pcrs { get; } = [];

        public List<(int Pid, long Index, long Pts)> Pts { get; } = [];

        public int ContinuityErrors { get; private set; }

        private long _index;

        public void OnPacket(ReadOnlySpan<byte> packet, long byteOffset, long packetIndex)
        {
            _index = packetIndex;
            if (TsPacket.PayloadUnitStart(packet) && TsPacket.PayloadOffset(packet) is var p && p > 0 && packet[p] == 0 && packet[p + 1] == 0 && packet[p + 2] == 1 && (packet[p + 7] & 0x80) != 0)
            {
                Pts.Add((TsPacket.Pid(packet), packetIndex, PesHeader.ReadTimestamp(packet.Slice(p + 9, 5))));
            }
        }

        public void OnPcr(in PcrSample pcr) => Pcrs.Add(pcr);

        public void OnContinuityError(int pid, int expected, int actual, long byteOffset) => ContinuityErrors++;
    }

    [Theory]
    [InlineData("h264_aac.ts")]
    [InlineData("mpeg2_mp2.ts")]
    [InlineData("radio_aac.ts")]
    public void Looping_rewrites_timestamps_and_counters_into_one_continuous_stream(string fixture)
    {
        var (output, perPass) = Loop(Path.Combine(Fixtures.Directory, fixture), passes: 3);
        var t = new Timeline();
        var demuxer = new TsDemuxer(t, new TsDemuxerOptions { DeliverPackets = true });
        demuxer.Push(output);
        demuxer.Flush();

        Assert.Equal(0, t.ContinuityErrors);
        Assert.True(t.Pcrs.Count > 10);
        Assert.DoesNotContain(t.Pcrs, p => p.IsJump); // no step backwards, none over a second
        foreach (var pid in t.Pts.Select(p => p.Pid).Distinct())
        {
            var pts = t.Pts.Where(p => p.Pid == pid).ToList();
            for (var pass = 1; pass < 3; pass++)
            {
                var before = pts.Where(p => p.Index < pass * perPass).Max(p => p.Pts);
                var firstAfter = pts.First(p => p.Index >= pass * perPass).Pts;
                Assert.True(MpegClock.Delta33(before, firstAfter) > 0, $"PID {pid}: PTS {firstAfter} of pass {pass} does not follow {before}");
                Assert.True(MpegClock.Delta33(before, firstAfter) < MpegClock.Hz90k, $"PID {pid}: a gap of more than a second at the loop seam");
            }
        }
    }

    [Fact]
    public async Task The_file_source_is_paced_by_pcr_and_loops()
    {
        var source = (FileStreamSource)new StreamSourceFactory().Create($"file://{Fixtures.H264Aac}?loop=1");
        var sink = new CollectingSink();
        using var cts = new CancellationTokenSource();
        var started = DateTime.UtcNow;
        var run = source.RunAsync(sink, cts.Token);

        // Paced: after about a second only a fraction of the 10-second file has arrived.
        Assert.True(await CollectingSink.WaitUntilAsync(() => sink.Length > 0));
        await Task.Delay(1000);
        var fileLength = new FileInfo(Fixtures.H264Aac).Length;
        var elapsed = (DateTime.UtcNow - started).TotalSeconds;
        if (elapsed < 5)
        {
            Assert.True(sink.Length < fileLength * 0.8, $"{sink.Length} bytes after {elapsed:F1} s: not paced");
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Without_loop_the_file_plays_once_and_the_source_ends()
    {
        var source = new StreamSourceFactory().Create($"file://{Fixtures.RadioAac}");
        var sink = new CollectingSink();

        await source.RunAsync(sink, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(new FileInfo(Fixtures.RadioAac).Length, sink.Length);
    }

    [Theory]
    [InlineData("file:///srv/a.ts?loop=1", "/srv/a.ts", true)]
    [InlineData("file:///srv/a%20b.ts", "/srv/a b.ts", false)]
    [InlineData("file:///srv/a.ts?loop=0", "/srv/a.ts", false)]
    public void Parses_file_urls(string url, string path, bool loop)
    {
        var a = FileSourceAddress.Parse(url, out var error);
        Assert.Null(error);
        Assert.Equal(new FileSourceAddress(path, loop), a);
    }
}
