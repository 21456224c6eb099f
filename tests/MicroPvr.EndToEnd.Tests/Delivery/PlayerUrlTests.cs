using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroPvr.EndToEnd.Tests.Api;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// compat spec §11 player URLs on the real daemon, played by ffprobe/ffmpeg as a player would:
/// the first video frame is the keyframe at or before the requested second (within one GOP),
/// windows last their duration, decoding is clean, bad input gets 400/404.
/// </summary>
public sealed partial class PlayerUrlTests(PlayerUrlFixture fixture) : IClassFixture<PlayerUrlFixture>
{
    private const int Ch = PlayerUrlFixture.ChannelId;
    private static readonly double Gop = PlayerUrlFixture.GopSeconds;

    private HttpClient Http => fixture.Http;

    private long FirstSecond => (fixture.FirstKeyframeMs + 999) / 1000;

    private string Url(string path) => new Uri(fixture.Daemon.HttpBase, path).AbsoluteUri;

    private static long NowS => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task Archive_window_as_hls_has_segments_without_byte_ranges_and_plays_the_window()
    {
        var from = FirstSecond + 5;
        const int duration = 8;
        var text = await GetTextAsync($"{Ch}/archive-{from}-{duration}.m3u8?aid=e2e-window");
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", text);
        Assert.Contains("#EXT-X-ENDLIST", text);
        Assert.DoesNotContain("BYTERANGE", text);
        Assert.Matches(SegmentLine(), text);

        // The same window under every name a player may build, and by channel name.
        foreach (var alias in new[] { $"{Ch}/index-{from}-{duration}.m3u8", $"{Ch}/mono-{from}-{duration}.m3u8", $"{Ch}/video-archive-{from}-{duration}.m3u8",
            $"Player%20Test/archive-{from}-{duration}.m3u8" })
        {
            Assert.Equal(text, await GetTextAsync(alias + "?aid=e2e-window"));
        }

        var extinf = 0.0;
        foreach (Match m in ExtInf().Matches(text))
        {
            extinf += double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        var url = Url($"{Ch}/archive-{from}-{duration}.m3u8?aid=e2e-window");
        var pts = await MediaProbe.VideoPtsAsync(url);
        AssertStartsAt(from, pts[0]);
        var played = MediaProbe.Duration(pts);
        Assert.InRange(played, duration - 0.1, duration + (2 * Gop) + 0.1);
        Assert.InRange(extinf, played - 0.5, played + 0.5);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(url));

        // Every request was accounted, the aid counts as one client of the channel (compat spec §5).
        var counters = await MiddlewareClient.CallAsync(fixture.Daemon.RpcPort, "get_request_counter");
        Assert.True((int)counters["result"]!["successful"]! >= 5, counters.ToJsonString());
        var channels = await MiddlewareClient.CallAsync(fixture.Daemon.RpcPort, "get_channel_list");
        var ours = channels["result"]!.AsArray().Single(c => (int)c!["channel_id"]! == Ch);
        Assert.True((int)ours!["channel_counter"]! >= 1, channels.ToJsonString());
    }

    [Fact]
    public async Task Archive_window_as_one_ts_download_ends_at_the_window_end_even_when_it_reaches_into_the_future()
    {
        var from = FirstSecond + 7;
        const int duration = 6;
        var saved = await DownloadAsync($"{Ch}/archive-{from}-{duration}.ts", "past.ts");
        var pts = await MediaProbe.VideoPtsAsync(saved);
        AssertStartsAt(from, pts[0]);
        Assert.InRange(MediaProbe.Duration(pts), duration - 0.1, duration + (2 * Gop) + 0.1);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(saved));

        // A window that ends 4 s from now: the download follows the recording and then ends.
        var live = NowS - 4;
        var growing = await DownloadAsync($"{Ch}/archive-{live}-8.ts", "growing.ts");
        var livePts = await MediaProbe.VideoPtsAsync(growing);
        Assert.InRange(MediaProbe.Duration(livePts), 8 - 0.1, 8 + (2 * Gop) + 1.0);
    }

    [Fact]
    public async Task Timeshift_ts_forms_start_at_the_requested_second()
    {
        var from = FirstSecond + 9;
        var saved = await DownloadAsync($"{Ch}/timeshift_abs-{from}.ts", "timeshift.ts", TimeSpan.FromSeconds(3));
        var pts = await MediaProbe.VideoPtsAsync(saved);
        AssertStartsAt(from, pts[0]);
        Assert.True(MediaProbe.Duration(pts) > 5, "an endless stream from the archive reaches the live edge");
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(saved));

        AssertStartsAt(from, await MediaProbe.FirstVideoPtsAsync(Url($"{Ch}/mpegts?utc={from}&lutc={NowS}")));
        var before = NowS;
        var shift = before - from;
        var first = await MediaProbe.FirstVideoPtsAsync(Url($"{Ch}/timeshift_rel-{shift}.ts"));
        // now − S moved on while the request was made: allow the seconds that passed.
        AssertStartsAt(from, first, extraSeconds: NowS - before + 1);
    }

    [Fact]
    public async Task Timeshift_hls_is_an_event_playlist_that_starts_at_the_requested_second()
    {
        var from = FirstSecond + 3;
        var text = await GetTextAsync($"{Ch}/timeshift_abs-{from}.m3u8");
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT", text);
        Assert.Contains("#EXT-X-START:TIME-OFFSET=0", text);
        Assert.DoesNotContain("#EXT-X-ENDLIST", text);
        Assert.DoesNotContain("BYTERANGE", text);

        // A player honouring EXT-X-START (ffmpeg: -prefer_x_start 1) starts at the requested second.
        foreach (var path in new[] { $"{Ch}/timeshift_abs-{from}.m3u8", $"{Ch}/index-{from}-now.m3u8", $"{Ch}/mono-timeshift_abs-{from}.m3u8",
            $"{Ch}/index.m3u8?utc={from}&lutc={NowS}" })
        {
            AssertStartsAt(from, await MediaProbe.FirstVideoPtsAsync(Url(path), "-prefer_x_start", "1"));
        }

        // timeshift_rel redirects to the absolute form, so reloads see one stable playlist.
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Daemon.HttpBase };
        var before = NowS;
        using var response = await noRedirect.GetAsync($"{Ch}/mono-timeshift_rel-{before - from}.m3u8?aid=x");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var target = long.Parse(TimeshiftAbs().Match(location).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(target, from, from + NowS - before + 1);
        Assert.StartsWith("mono-timeshift_abs-", location);
        Assert.EndsWith(".m3u8?aid=x", location);
        AssertStartsAt(from, await MediaProbe.FirstVideoPtsAsync(Url($"{Ch}/timeshift_rel-{NowS - from}.m3u8"), "-prefer_x_start", "1"), extraSeconds: 2);
    }

    [Fact]
    public async Task Live_urls_start_at_the_live_edge_and_live_segments_keep_their_numbers()
    {
        var first = await GetTextAsync($"{Ch}/index.m3u8");
        Assert.DoesNotContain("#EXT-X-PLAYLIST-TYPE", first);
        Assert.DoesNotContain("#EXT-X-ENDLIST", first);
        var firstNumbers = Numbered(first);
        Assert.InRange(firstNumbers.Count, 1, 8); // LiveSegmentGrid.WindowSegments

        // Reload until a new segment appears: segments still listed keep their number (RFC 8216 §6.2.2).
        Dictionary<string, long> later = firstNumbers;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && later.Keys.Except(firstNumbers.Keys).FirstOrDefault() is null)
        {
            await Task.Delay(500);
            later = Numbered(await GetTextAsync($"{Ch}/index.m3u8"));
        }

        Assert.NotEmpty(later.Keys.Except(firstNumbers.Keys));
        foreach (var (uri, number) in later)
        {
            if (firstNumbers.TryGetValue(uri, out var before))
            {
                Assert.Equal(before, number);
            }
        }

        Assert.Equal(first.Length > 0, (await GetTextAsync($"{Ch}/mono.m3u8")).Length > 0);
        Assert.StartsWith("#EXTM3U", await GetTextAsync($"Player%20Test/video.m3u8"));

        var requested = NowS;
        AssertNearLiveEdge(requested, await MediaProbe.FirstVideoPtsAsync(Url($"{Ch}/index.m3u8")), (6 * PlayerUrlFixture.SegmentSeconds) + 6);
        requested = NowS;
        AssertNearLiveEdge(requested, await MediaProbe.FirstVideoPtsAsync(Url($"{Ch}/mpegts")), 8);
    }

    [Fact]
    public async Task Recording_status_shows_the_recorded_range_and_channels_m3u_describes_catchup()
    {
        var status = JsonNode.Parse(await GetTextAsync($"{Ch}/recording_status.json"))!.AsArray();
        var entry = status.Single()!;
        Assert.Equal(Ch, (int)entry["channel_id"]!);
        Assert.Equal(PlayerUrlFixture.ChannelName, (string)entry["name"]!);
        var range = entry["ranges"]!.AsArray().Single()!;
        // The record's start (its file name) or its first keyframe, whichever the coverage takes.
        Assert.InRange((long)range["from"]!, (fixture.FirstKeyframeMs / 1000) - 5, fixture.FirstKeyframeMs / 1000);
        Assert.Empty(entry["gaps"]!.AsArray());
        Assert.InRange((long)range["from"]! + (long)range["duration"]!, NowS - 10, NowS + 2);

        var clipped = JsonNode.Parse(await GetTextAsync($"Player%20Test/recording_status.json?from={FirstSecond + 2}&to={FirstSecond + 7}"))!;
        var only = clipped[0]!["ranges"]!.AsArray().Single()!;
        Assert.Equal(FirstSecond + 2, (long)only["from"]!);
        Assert.Equal(5, (long)only["duration"]!);
        var before = JsonNode.Parse(await GetTextAsync($"{Ch}/recording_status.json?from={FirstSecond - 7200}&to={FirstSecond - 3600}"))!;
        Assert.Empty(before[0]!["ranges"]!.AsArray());
        var gap = before[0]!["gaps"]!.AsArray().Single()!;
        Assert.Equal(FirstSecond - 7200, (long)gap["from"]!);
        Assert.Equal(3600, (long)gap["duration"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync($"{Ch}/recording_status.json?from={FirstSecond}&to={FirstSecond - 1}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync($"{Ch}/recording_status.json?from=yesterday")).StatusCode);

        var m3u = await GetTextAsync("channels.m3u");
        var base0 = fixture.Daemon.HttpBase.AbsoluteUri;
        Assert.StartsWith("#EXTM3U\n", m3u);
        Assert.Contains($"#EXTINF:-1 tvg-id=\"{Ch}\" tvg-name=\"Player Test\" catchup=\"default\" catchup-source=\"{base0}{Ch}/archive-{{utc}}-{{duration}}.m3u8\" catchup-days=\"1\",Player Test\n{base0}{Ch}/index.m3u8\n", m3u);
        var flussonic = await GetTextAsync("channels.m3u?catchup=flussonic&format=ts");
        Assert.Contains($"catchup=\"flussonic\" catchup-days=\"1\",Player Test\n{base0}{Ch}/mpegts\n", flussonic);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("channels.m3u?catchup=xc")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_400_or_404_and_a_time_before_the_archive_starts_at_its_beginning()
    {
        var now = NowS;
        foreach (var path in new[] { "999/mpegts", "Nobody/index.m3u8", $"{Ch}/whatever.txt", $"{Ch}/timeshift_abs-{now + 3600}.ts",
            $"{Ch}/archive-{now + 3600}-60.m3u8", $"{Ch}/archive-{FirstSecond - 7200}-3600.m3u8", $"{Ch}/archive-{FirstSecond - 7200}-3600.ts",
            $"{Ch}/index-{now + 3600}-now.m3u8", $"{Ch}/seg-999999-0-188.ts", $"{Ch}/mono-timeshift_abs-{now}.ts" })
        {
            Assert.True(HttpStatusCode.NotFound == await StatusAsync(path), path);
        }

        foreach (var path in new[] { $"{Ch}/timeshift_abs-12x.ts", $"{Ch}/archive-{now}-0.m3u8", $"{Ch}/archive-{now}--5.ts", $"{Ch}/mpegts?utc=abc",
            $"{Ch}/index.m3u8?utc=1&lutc=-5", $"{Ch}/seg-1-2.ts", $"{Ch}/timeshift_rel-99999999999999.m3u8" })
        {
            Assert.True(HttpStatusCode.BadRequest == await StatusAsync(path), path);
        }

        // The nearest available point: a programme that began before the archive plays from its first keyframe.
        var pts = await MediaProbe.FirstVideoPtsAsync(Url($"{Ch}/timeshift_abs-{FirstSecond - 3600}.ts"));
        Assert.Equal(fixture.FirstKeyframeMs, MediaProbe.KeyframeUtcMs(fixture.Index(), pts));
        var window = await MediaProbe.VideoPtsAsync(Url($"{Ch}/archive-{FirstSecond - 60}-64.m3u8"));
        Assert.Equal(fixture.FirstKeyframeMs, MediaProbe.KeyframeUtcMs(fixture.Index(), window[0]));
    }

    [Fact]
    public async Task Head_answers_what_a_get_would_without_starting_a_stream()
    {
        const string ts = "video/mp2t";
        const string hls = "application/vnd.apple.mpegurl";
        var archive = await GetTextAsync($"{Ch}/archive-{FirstSecond + 2}-6.m3u8");
        var segment = SegmentLine().Match(archive).Value;
        var cases = new (string Path, HttpStatusCode Status, string? Type)[]
        {
            ($"{Ch}/mpegts", HttpStatusCode.OK, ts), // endless on GET: a HEAD must not wait for it
            ($"{Ch}/timeshift_rel-30.ts", HttpStatusCode.OK, ts),
            ($"{Ch}/mpegts?utc={FirstSecond + 2}&lutc={NowS}", HttpStatusCode.OK, ts),
            ($"ts?channel_id={Ch}&timestamp={FirstSecond + 2}&endless=1", HttpStatusCode.OK, ts),
            ($"{Ch}/{segment}", HttpStatusCode.OK, ts),
            ($"{Ch}/index.m3u8", HttpStatusCode.OK, hls),
            ($"{Ch}/archive-{FirstSecond + 2}-6.m3u8", HttpStatusCode.OK, hls),
            ($"pvr/playlist?channel_id={Ch}&start_timestamp={FirstSecond + 2}&end_timestamp={FirstSecond + 8}&type=0", HttpStatusCode.OK, hls), // after the 302
            ("channels.m3u", HttpStatusCode.OK, "audio/x-mpegurl"),
            ("healthz", HttpStatusCode.OK, null),
            ("metrics", HttpStatusCode.OK, null),
            ("999/mpegts", HttpStatusCode.NotFound, null),
            ($"ts?channel_id=999&timestamp={FirstSecond + 2}", HttpStatusCode.NotFound, null),
            ($"{Ch}/timeshift_abs-12x.ts", HttpStatusCode.BadRequest, null),
        };

        foreach (var (path, status, type) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, path);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            Assert.True(status == response.StatusCode, $"HEAD {path}: {(int)response.StatusCode}");
            Assert.True(type is null || type == response.Content.Headers.ContentType?.MediaType, $"HEAD {path}: {response.Content.Headers.ContentType}");
            Assert.Empty(await response.Content.ReadAsByteArrayAsync(deadline.Token));
        }

        using var segmentHead = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Ch}/{segment}"));
        Assert.Equal(long.Parse(segment.Split('-')[3].Split('.')[0], CultureInfo.InvariantCulture), segmentHead.Content.Headers.ContentLength);
    }

    private void AssertStartsAt(long requestedSecond, long firstPts, long extraSeconds = 0)
    {
        var keyframeMs = MediaProbe.KeyframeUtcMs(fixture.Index(), firstPts);
        var requestedMs = requestedSecond * 1000;
        Assert.True(keyframeMs <= requestedMs + (extraSeconds * 1000) + 50 && keyframeMs > requestedMs - (Gop * 1000) - 50,
            $"first video frame is the keyframe of {keyframeMs} ms, requested {requestedMs} ms (GOP {Gop} s, slack {extraSeconds} s)");
    }

    private void AssertNearLiveEdge(long requestedSecond, long firstPts, int maxBehindSeconds)
    {
        var keyframeMs = MediaProbe.KeyframeUtcMs(fixture.Index(), firstPts);
        Assert.InRange(keyframeMs, (requestedSecond - maxBehindSeconds) * 1000, (NowS + 1) * 1000);
    }

    private async Task<string> GetTextAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private async Task<HttpStatusCode> StatusAsync(string path)
    {
        using var response = await Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    /// <summary>Saves a TS URL to a file: to its end, or for <paramref name="readFor"/> when it is endless.</summary>
    private async Task<string> DownloadAsync(string path, string name, TimeSpan? readFor = null)
    {
        var saved = Path.Combine(fixture.Daemon.RootDir, name);
        using var response = await Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp2t", response.Content.Headers.ContentType?.MediaType);
        await using (var body = await response.Content.ReadAsStreamAsync())
        await using (var file = File.Create(saved))
        {
            using var cts = new CancellationTokenSource(readFor ?? TimeSpan.FromSeconds(60));
            try
            {
                await body.CopyToAsync(file, cts.Token);
                Assert.True(readFor is null, "an endless stream ended");
            }
            catch (OperationCanceledException) when (readFor is not null)
            {
                // Endless: we hang up.
            }
        }

        var bytes = await File.ReadAllBytesAsync(saved);
        Assert.True(bytes.Length >= 188 * 10 && bytes[0] == 0x47, $"{path}: {bytes.Length} bytes");
        await File.WriteAllBytesAsync(saved, bytes.AsSpan(0, bytes.Length / 188 * 188).ToArray());
        return saved;
    }

    /// <summary>Segment URI → media sequence number in a playlist.</summary>
    private static Dictionary<string, long> Numbered(string playlist)
    {
        var lines = playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sequence = long.Parse(lines.Single(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))[22..], CultureInfo.InvariantCulture);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (!line.StartsWith('#'))
            {
                result[line] = sequence++;
            }
        }

        return result;
    }

    [GeneratedRegex(@"^seg-\d+-\d+-\d+\.ts", RegexOptions.Multiline)]
    private static partial Regex SegmentLine();

    [GeneratedRegex(@"#EXTINF:([0-9.]+),")]
    private static partial Regex ExtInf();

    [GeneratedRegex(@"timeshift_abs-(\d+)\.m3u8")]
    private static partial Regex TimeshiftAbs();
}
