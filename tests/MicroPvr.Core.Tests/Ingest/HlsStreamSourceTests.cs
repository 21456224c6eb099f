using System.Text;
using MicroPvr.Core.Ingest;
using MicroPvr.Core.Ingest.Hls;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Ingest;

public sealed class HlsStreamSourceTests
{
    private static readonly IngestOptions Fast = new()
    {
        SilenceTimeout = TimeSpan.FromSeconds(5),
        ReconnectDelayMin = TimeSpan.FromMilliseconds(50),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(200),
    };

    private static string MediaPlaylist(long sequence, params string[] segments)
    {
        var sb = new StringBuilder($"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:{sequence}\n");
        foreach (var s in segments)
        {
            sb.Append("#EXTINF:1.000,\n").Append(s).Append('\n');
        }

        return sb.ToString();
    }

    private static async Task<byte[][]> MakeSegmentsAsync(TempDirectory dir)
    {
        var result = await Ffmpeg.RunAsync(["-v", "error", "-i", Fixtures.H264Aac, "-c", "copy", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0",
            "-hls_segment_filename", dir.Combine("seg%03d.ts"), dir.Combine("full.m3u8")]);
        result.EnsureSuccess("ffmpeg hls");
        var files = Directory.GetFiles(dir.Path, "seg*.ts").Order().ToArray();
        Assert.True(files.Length >= 4, $"ffmpeg made {files.Length} segments");
        return [.. files.Select(File.ReadAllBytes)];
    }

    [Fact]
    public async Task Follows_the_best_variant_fetching_each_segment_once_through_reloads_404s_and_sequence_jumps()
    {
        using var dir = new TempDirectory("micropvr-hls");
        var seg = await MakeSegmentsAsync(dir);
        await using var server = new MiniHttpServer();
        for (var i = 0; i < seg.Length; i++)
        {
            server.Resources[$"/v/seg{i}.ts"] = seg[i];
        }

        server.SetText("/master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=5000000,BANDWIDTH=100000\nlow/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360\nv/index.m3u8\n");
        server.SetText("/v/index.m3u8", MediaPlaylist(0, "seg0.ts", "seg1.ts", "seg2.ts"));
        var source = (HlsStreamSource)new StreamSourceFactory(Fast).Create(server.BaseUrl + "/master.m3u8");
        var sink = new CollectingSink();
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(sink, cts.Token);

        Assert.True(await CollectingSink.WaitUntilAsync(() => source.SegmentsFetched == 3));
        server.SetText("/v/index.m3u8", MediaPlaylist(1, "seg1.ts", "seg2.ts", "seg3.ts"));
        Assert.True(await CollectingSink.WaitUntilAsync(() => source.SegmentsFetched == 4));
        server.SetText("/v/index.m3u8", MediaPlaylist(2, "seg2.ts", "seg3.ts", "gone.ts"));
        Assert.True(await CollectingSink.WaitUntilAsync(() => source.SegmentsSkipped == 1));
        server.SetText("/v/index.m3u8", MediaPlaylist(40, "seg0.ts", "seg1.ts"));
        Assert.True(await CollectingSink.WaitUntilAsync(() => source.SegmentsFetched == 6));
        await Task.Delay(1500); // a few more reloads: nothing may be fetched twice
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(6, source.SegmentsFetched);
        Assert.Equal((byte[])[.. seg[0], .. seg[1], .. seg[2], .. seg[3], .. seg[0], .. seg[1]], sink.ToArray());
        Assert.DoesNotContain("/low/index.m3u8", server.Requests);
        Assert.Equal(1, server.Requests.Count(r => r == "/v/seg3.ts"));
        Assert.Contains(StreamSourceEvent.Restarted, sink.Events);
    }

    [Fact]
    public async Task Byte_range_segments_are_fetched_with_range_requests()
    {
        using var dir = new TempDirectory("micropvr-hls");
        var seg = await MakeSegmentsAsync(dir);
        byte[] all = [.. seg[0], .. seg[1]];
        await using var server = new MiniHttpServer();
        server.Resources["/rec.ts"] = all;
        server.SetText("/br.m3u8", $"#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1,\n#EXT-X-BYTERANGE:{seg[0].Length}@0\nrec.ts\n#EXTINF:1,\n#EXT-X-BYTERANGE:{seg[1].Length}\nrec.ts\n#EXT-X-ENDLIST\n");
        var source = (HlsStreamSource)new StreamSourceFactory(Fast).Create("hls+" + server.BaseUrl + "/br.m3u8");
        var sink = new CollectingSink();
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(sink, cts.Token);

        Assert.True(await CollectingSink.WaitUntilAsync(() => source.SegmentsFetched == 2));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(all, sink.ToArray());
    }

    [Fact]
    public void Parses_master_and_media_playlists()
    {
        var baseUri = new Uri("http://h/live/master.m3u8");
        var master = HlsPlaylist.Parse("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"a,b\"\nlo.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=3\nhttp://other/hi.m3u8\n", baseUri)!;
        Assert.True(master.IsMaster);
        Assert.Equal(new Uri("http://other/hi.m3u8"), master.BestVariant!.Uri);

        var media = HlsPlaylist.Parse("#EXTM3U\r\n#EXT-X-TARGETDURATION:6\r\n#EXT-X-MEDIA-SEQUENCE:7\r\n#EXTINF:5.5,title\r\na.ts\r\n#EXT-X-DISCONTINUITY\r\n#EXTINF:6,\r\n/b.ts\r\n#EXT-X-ENDLIST\r\n", baseUri)!;
        Assert.False(media.IsMaster);
        Assert.Equal(6, media.TargetDurationSeconds);
        Assert.True(media.EndList);
        Assert.Equal(new HlsSegment(new Uri("http://h/live/a.ts"), 7, 5.5, false, -1, -1), media.Segments[0]);
        Assert.Equal(new HlsSegment(new Uri("http://h/b.ts"), 8, 6, true, -1, -1), media.Segments[1]);
        Assert.Null(HlsPlaylist.Parse("<html>", baseUri));
    }
}
