using System.Net;
using System.Text.Json.Nodes;
using MicroPvr.Core.Recording;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// HLS archive playlists on the real daemon (compat spec §5 get_playlist_name, §6 /pvr/playlist and
/// /pvr/&lt;nickname&gt;/pl_c….m3u8): a live multicast channel recorded by a task, its playlists
/// fetched over HTTP and played by ffmpeg/ffprobe through byte ranges.
/// </summary>
public sealed class HlsPlaylistTests
{
    private const int ChannelId = 11;
    private const int SegmentSeconds = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Byte_range_playlists_play_from_the_requested_second_grow_while_live_and_mark_a_source_restart()
    {
        using var source = new LiveSource();
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?>
        {
            ["task-postpone-time"] = 2,
            ["records-default-segment-size"] = SegmentSeconds,
            ["records-checking-period"] = 1,
            ["monitor-request-lifetime"] = 3600,
        });
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        await CreateTaskAsync(daemon, source.TaskUrl);
        Assert.True(await RecordsOnDisk.WaitAsync(
            () => RecordsOnDisk.Files(daemon.RecordsDir, ChannelId) is [var f] && RecordsOnDisk.IndexedSeconds(f) >= 12, Patience),
            $"no 12 s of indexed recording. ffmpeg: {source.Errors}\nOutput:\n{daemon.Output}");
        var record = RecordsOnDisk.Files(daemon.RecordsDir, ChannelId)[0];
        var firstSecond = (RecordsOnDisk.Index(record)[0].UtcMilliseconds / 1000) + 1;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = daemon.HttpBase, Timeout = TimeSpan.FromSeconds(60) };

        // A range that reaches into the future: a growing EVENT playlist, never cached.
        var liveName = await PlaylistNameAsync(daemon, firstSecond + 2, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600);
        var (live1, liveCache) = await FetchAsync(http, liveName);
        Assert.Equal("EVENT", live1.PlaylistType);
        Assert.False(live1.EndList, live1.Text);
        Assert.Contains("no-cache", liveCache, StringComparison.Ordinal);
        Assert.NotEmpty(live1.Segments);

        // The head-end restarts: its timestamps begin again.
        await source.RestartAsync(TimeSpan.FromSeconds(1));
        Assert.True(await RecordsOnDisk.WaitAsync(() => RestartEntry(record) is { } r && RecordsOnDisk.Index(record)[^1].UtcMilliseconds - r.UtcMilliseconds >= 6_000, Patience),
            $"no 6 s of recording after the source restart. ffmpeg: {source.Errors}\nOutput:\n{daemon.Output}");
        var restart = RestartEntry(record)!.Value;
        var index = RecordsOnDisk.Index(record);

        // The EVENT playlist only grew: its old segments are a prefix of the new ones (RFC 8216 §6.2.1).
        var (live2, _) = await FetchAsync(http, liveName);
        Assert.Equal("EVENT", live2.PlaylistType);
        Assert.True(live2.Segments.Count > live1.Segments.Count, live2.Text);
        Assert.Equal(live1.Segments, live2.Segments.Take(live1.Segments.Count));

        // A window in the past: VOD + ENDLIST, starting at the keyframe at or before the start.
        var start = firstSecond + 2;
        var end = start + 6;
        var vodName = await PlaylistNameAsync(daemon, start, end);
        var (vod, vodCache) = await FetchAsync(http, vodName);
        Assert.Equal(4, vod.Version);
        Assert.Equal("VOD", vod.PlaylistType);
        Assert.True(vod.EndList, vod.Text);
        Assert.DoesNotContain("no-cache", vodCache, StringComparison.Ordinal);
        Assert.All(vod.Segments, s => Assert.True(s.Length > 0 && s.Offset >= 0 && s.DurationSeconds <= SegmentSeconds + 0.001, vod.Text));
        Assert.All(vod.Segments, s => Assert.Equal("ch_11/" + Path.GetFileName(record), s.Uri));

        var expectedFirst = index.Last(e => e.UtcMilliseconds <= start * 1000);
        var expectedNext = index.First(e => e.UtcMilliseconds > end * 1000);
        Assert.InRange((start * 1000) - expectedFirst.UtcMilliseconds, 0, (long)source.Options.Gop.TotalMilliseconds + 300);
        Assert.Equal(expectedFirst.ByteOffset, vod.Segments[0].Offset);
        Assert.Equal(expectedFirst.Utc, vod.Segments[0].ProgramDateTime);

        var vodUrl = new Uri(daemon.HttpBase, "pvr/" + vodName).AbsoluteUri;
        var played = await VideoPackets.ProbeAsync(vodUrl);
        Assert.True(played.Count > 100, $"{played.Count} video packets played from {vodUrl}");
        Assert.True(played[0].Key, "the first video packet is not a keyframe");
        Assert.Equal(expectedFirst.Pts90k, played[0].Pts & ((1L << 33) - 1));
        var playedSeconds = ((played.Max(p => p.Pts) - played[0].Pts + source.Options.FrameTicks) / 90_000.0);
        var expectedSeconds = (expectedNext.UtcMilliseconds - expectedFirst.UtcMilliseconds) / 1000.0;
        Assert.True(Math.Abs(playedSeconds - expectedSeconds) <= 0.3,
            $"played {playedSeconds:F3} s, the window [{start}, {end}] spans {expectedSeconds:F3} s of keyframes");
        Assert.True(Math.Abs(playedSeconds - vod.TotalSeconds) <= 0.3, $"played {playedSeconds:F3} s, EXTINF sum {vod.TotalSeconds:F3} s");
        Assert.Equal("", await VideoPackets.DecodeErrorsAsync(vodUrl));

        // Across the source restart: one EXT-X-DISCONTINUITY, exactly where the recorder saw it.
        var acrossName = await PlaylistNameAsync(daemon, firstSecond, (restart.UtcMilliseconds / 1000) + 4);
        var (across, _) = await FetchAsync(http, acrossName);
        Assert.Equal("VOD", across.PlaylistType);
        var cut = Assert.Single(across.Segments, s => s.Discontinuity);
        Assert.Equal(restart.ByteOffset, cut.Offset);
        Assert.Equal(restart.Utc, cut.ProgramDateTime);
        var acrossPlayed = await VideoPackets.ProbeAsync(new Uri(daemon.HttpBase, "pvr/" + acrossName).AbsoluteUri);
        Assert.Contains(acrossPlayed, p => (p.Pts & ((1L << 33) - 1)) == restart.Pts90k && p.Key);

        // /pvr/playlist redirects to the same playlist; ffprobe follows the redirect and plays it.
        var counters0 = await CountersAsync(daemon);
        var query = $"pvr/playlist?channel_id={ChannelId}&start_timestamp={start}&end_timestamp={end}&aid=e2e&type=0";
        using (var redirect = await http.GetAsync(query))
        {
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/pvr/" + vodName, redirect.Headers.Location?.OriginalString);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"pvr/playlist?channel_id=999&start_timestamp={start}&end_timestamp={end}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"pvr/playlist?channel_id={ChannelId}&start_timestamp={start - 7200}&end_timestamp={start - 3600}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotImplemented, (await http.GetAsync($"pvr/playlist?channel_id={ChannelId}&start_timestamp={start}&end_timestamp={end}&type=1")).StatusCode);
        foreach (var bad in new[]
        {
            $"channel_id=eleven&start_timestamp={start}&end_timestamp={end}",
            $"channel_id={ChannelId}&end_timestamp={end}",
            $"channel_id={ChannelId}&start_timestamp={start}&end_timestamp={end}x",
            $"channel_id={ChannelId}&start_timestamp={end}&end_timestamp={start}",
            $"channel_id={ChannelId}&start_timestamp={start}&end_timestamp={end}&type=7",
            $"channel_id=0&start_timestamp={start}&end_timestamp={end}",
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("pvr/playlist?" + bad)).StatusCode);
        }

        // Counted as content requests (compat spec §5): the redirect and the three well-formed misses.
        var counters1 = await CountersAsync(daemon);
        Assert.Equal(4, counters1.Overall - counters0.Overall);
        Assert.Equal(1, counters1.Successful - counters0.Successful);

        var viaRedirect = await VideoPackets.ProbeAsync(new Uri(daemon.HttpBase, query).AbsoluteUri);
        Assert.Equal(played, viaRedirect);

        // Virtual playlist names that match nothing.
        var nickname = vodName.Split('/')[0];
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"pvr/0BADF00D/pl_c{ChannelId}_{start}_{end}.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"pvr/{nickname}/pl_c999_{start}_{end}.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"pvr/{nickname}/pl_c{ChannelId}_{end}_{start}.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"pvr/{nickname}/pl_c{ChannelId}_{start - 7200}_{start - 3600}.m3u8")).StatusCode);
    }

    /// <summary>The first index entry after the start where the source's timeline restarted.</summary>
    private static IndexEntry? RestartEntry(string record)
    {
        var index = RecordsOnDisk.Index(record);
        for (var i = 1; i < index.Length; i++)
        {
            if ((index[i].Flags & (IndexEntryFlags.Discontinuity | IndexEntryFlags.Gap)) != 0)
            {
                return index[i];
            }
        }

        return null;
    }

    private static async Task<string> PlaylistNameAsync(DaemonProcess daemon, long start, long end)
    {
        var answer = await MiddlewareClient.CallAsync(daemon.RpcPort, "get_playlist_name",
            new JsonObject { ["channel_id"] = ChannelId, ["start_timestamp"] = start, ["end_timestamp"] = end }.ToJsonString());
        Assert.True(answer["error"] is null, answer.ToJsonString());
        return (string)answer["result"]!;
    }

    private static async Task<(HlsMediaPlaylist Playlist, string CacheControl)> FetchAsync(HttpClient http, string name)
    {
        using var response = await http.GetAsync("pvr/" + name);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType?.MediaType);
        return (HlsMediaPlaylist.Parse(text), response.Headers.CacheControl?.ToString() ?? "");
    }

    private static async Task<(long Overall, long Successful)> CountersAsync(DaemonProcess daemon)
    {
        var answer = await MiddlewareClient.CallAsync(daemon.RpcPort, "get_request_counter");
        Assert.True(answer["error"] is null, answer.ToJsonString());
        return ((long)answer["result"]!["overall"]!, (long)answer["result"]!["successful"]!);
    }

    private static async Task CreateTaskAsync(DaemonProcess daemon, string sourceUrl)
    {
        await new RecordingTask(ChannelId, "HLS test", daemon.RecordsDir, sourceUrl).CreateAsync(daemon.RpcPort);
    }
}
