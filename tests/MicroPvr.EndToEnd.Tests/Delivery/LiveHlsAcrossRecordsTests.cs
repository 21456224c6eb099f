using System.Globalization;
using System.Text.Json.Nodes;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.EndToEnd.Tests.Faults;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// The sliding live playlist <c>/CH/index.m3u8</c> across the seam of two consecutive records of a
/// seamless periodic task (compat spec §3; set up as in <see cref="EndlessAcrossRecordsTests"/>:
/// a 120-s task whose first run ends within seconds, so the next run records beside it at once).
/// A player reloads the playlist throughout (RFC 8216 §6.3.4): every segment URI seen twice has the
/// same media sequence number (§6.3.2), each number names one URI, the numbers seen form one
/// unbroken run across the seam, and the segments played in number order decode without errors,
/// with every video frame exactly once; ffmpeg, as a live HLS client across the seam, gets every
/// frame once too. A timeshift EVENT playlist from the first record's start,
/// reloaded every 100 ms alongside, only ever appends across the seam (RFC 8216 §6.2.1).
/// </summary>
public sealed class LiveHlsAcrossRecordsTests
{
    private const int ChannelId = 13;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Live_playlist_keeps_its_numbers_across_the_record_seam_and_plays_every_frame_once()
    {
        using var source = new LiveSource();
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?>
        {
            ["task-postpone-time"] = 2,
            // 4-s segments: 2-s slots, as long as the source's GOP (the hardest case for the grid).
            ["records-default-segment-size"] = 4,
        });
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        await CreateTaskAsync(daemon, source.TaskUrl, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120 + 16);
        Assert.True(await RecordsOnDisk.WaitAsync(
            () => RecordsOnDisk.Files(daemon.RecordsDir, ChannelId) is [var f, _] && RecordsOnDisk.IndexedSeconds(f) >= 3, Patience),
            $"no two records of channel {ChannelId}. ffmpeg: {source.Errors}\nOutput:\n{daemon.Output}");
        var (first, second) = (RecordsOnDisk.Files(daemon.RecordsDir, ChannelId)[0], RecordsOnDisk.Files(daemon.RecordsDir, ChannelId)[1]);
        using var http = new HttpClient { BaseAddress = daemon.HttpBase, Timeout = TimeSpan.FromSeconds(10) };
        // The live playlist answers 404 "not one full segment recorded yet" until the grid has a
        // whole slot (docs/player-urls.md); ffmpeg gives up on a 404 at its first request, so it
        // starts once the playlist exists, as a player started from a channel list would.
        Assert.True(await DaemonTasks.WaitAsync(() => IsAvailableAsync(http, $"{ChannelId}/index.m3u8"), Patience),
            $"{ChannelId}/index.m3u8 never answered 200.\nOutput:\n{daemon.Output}");

        // A real HLS client plays the live playlist across the seam meanwhile: ffmpeg reloads it
        // and picks each next segment by its media sequence number (RFC 8216 §6.3.5).
        var clientCapture = Path.Combine(daemon.RootDir, "ffmpeg-client.ts");
        var client = Ffmpeg.RunAsync(
            ["-v", "error", "-i", new Uri(daemon.HttpBase, $"{ChannelId}/index.m3u8").ToString(), "-t", "40", "-c", "copy", "-copyts", "-f", "mpegts", clientCapture],
            TimeSpan.FromSeconds(120));
        var byUri = new Dictionary<string, long>(StringComparer.Ordinal);
        var byNumber = new Dictionary<long, string>();
        // A timeshift from the first record's start to now (EVENT, RFC 8216 §6.2.1): it may only grow.
        var from = (RecordsOnDisk.Index(first)[0].UtcMilliseconds / 1000) + 1;
        var eventUris = new List<string>();
        var reloads = 0;
        var eventReloads = 0;
        DateTime? firstEndedAt = null;
        async Task ReloadEventAsync()
        {
            using var timeshift = await http.GetAsync($"{ChannelId}/timeshift_abs-{from}.m3u8");
            Assert.True(timeshift.IsSuccessStatusCode, $"timeshift_abs-{from}.m3u8: {(int)timeshift.StatusCode}");
            var text = await timeshift.Content.ReadAsStringAsync();
            var (eventSequence, uris) = Parse(text);
            eventReloads++;
            Assert.Equal(0, eventSequence);
            Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT", text);
            // The segments listed before keep their positions (numbers); new ones are appended.
            Assert.True(uris.Count >= eventUris.Count && uris.Take(eventUris.Count).SequenceEqual(eventUris),
                $"EVENT reload {eventReloads}: the EVENT playlist changed its first {eventUris.Count} segments: {string.Join(' ', eventUris.Except(uris).Take(3))}\nbefore: {string.Join(' ', eventUris)}\nnow: {string.Join(' ', uris)}\nrecords: {string.Join(' ', RecordsOnDisk.Files(daemon.RecordsDir, ChannelId).Select(Path.GetFileName))}");
            eventUris = uris;
        }

        var deadline = DateTime.UtcNow + (2 * Patience);
        string? firstDiscontinuitySequence = null;
        // Reload the live playlist every second (well under the 2-s slots) from before the first
        // run ends until the window has moved 20 s past it.
        while (DateTime.UtcNow < deadline && (firstEndedAt is null || DateTime.UtcNow < firstEndedAt + TimeSpan.FromSeconds(20)))
        {
            using var response = await http.GetAsync($"{ChannelId}/index.m3u8");
            if (response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync();
                var (sequence, uris) = Parse(text);
                reloads++;
                // The source never restarts and the next record continues at the same frame: the
                // seam is no discontinuity, so no tag and EXT-X-DISCONTINUITY-SEQUENCE stays put
                // (docs/player-urls.md "Live discontinuity sequence").
                var discontinuitySequence = text.Split('\n').FirstOrDefault(l => l.StartsWith("#EXT-X-DISCONTINUITY-SEQUENCE:", StringComparison.Ordinal)) ?? "none";
                firstDiscontinuitySequence ??= discontinuitySequence;
                Assert.True(discontinuitySequence == firstDiscontinuitySequence && !text.Contains("#EXT-X-DISCONTINUITY\n", StringComparison.Ordinal),
                    $"reload {reloads}: the seam changed the discontinuity sequence ({firstDiscontinuitySequence} -> {discontinuitySequence}) or added a tag:\n{text}");
                for (var i = 0; i < uris.Count; i++)
                {
                    var number = sequence + i;
                    Assert.True(!byUri.TryGetValue(uris[i], out var known) || known == number,
                        $"reload {reloads}: {uris[i]} is number {number}, was {known}");
                    Assert.True(!byNumber.TryGetValue(number, out var uri) || uri == uris[i],
                        $"reload {reloads}: number {number} is {uris[i]}, was {uri}");
                    byUri[uris[i]] = number;
                    byNumber[number] = uris[i];
                }
            }

            // The EVENT playlist every 100 ms between those reloads: the seam is decided within
            // about a second of the first run's end (its index is final at once, the next run's
            // index follows on its recorder's next flush), and no reload inside that second may
            // list a segment that a later one changes.
            for (var poll = 0; poll < 10; poll++)
            {
                await ReloadEventAsync();
                if (firstEndedAt is null && Finished(daemon, first))
                {
                    firstEndedAt = DateTime.UtcNow;
                }

                await Task.Delay(100);
            }
        }

        Assert.True(firstEndedAt is not null, "the first run did not end.\nOutput:\n" + daemon.Output);
        var records = byUri.Keys.Select(u => u.Split('-')[1]).Distinct().ToList();
        Assert.True(records.Count == 2, $"the live window was served from {records.Count} record(s) over {reloads} reloads");
        Assert.Equal(2, eventUris.Select(u => u.Split('-')[1]).Distinct().Count());
        // One unbroken run of numbers across the seam: nothing skipped, nothing numbered twice.
        Assert.Equal(byNumber.Keys.Max() - byNumber.Keys.Min() + 1, byNumber.Count);

        // Play the segments in number order as one stream: every frame once, no decoding error.
        // A segment may be a byte-split piece of a keyframe interval longer than a slot: the
        // stream played runs from the first segment that starts with the PAT of a keyframe to
        // the last one before such a start, so it holds whole GOPs only.
        var segments = new List<byte[]>();
        foreach (var number in byNumber.Keys.Order())
        {
            segments.Add(await http.GetByteArrayAsync($"{ChannelId}/{byNumber[number]}"));
        }

        var starts = Enumerable.Range(0, segments.Count).Where(i => StartsWithPat(segments[i])).ToList();
        Assert.True(starts.Count >= 3, $"only {starts.Count} of {segments.Count} segments start at a keyframe");
        var played = Path.Combine(daemon.RootDir, "live-hls.ts");
        await using (var file = File.Create(played))
        {
            for (var i = starts[0]; i < starts[^1]; i++)
            {
                await file.WriteAsync(segments[i]);
            }
        }

        // The client's capture: from its first keyframe on (it may have joined inside a split
        // keyframe interval), every frame once, across the seam.
        var clientRun = await client;
        Assert.True(clientRun.Succeeded, $"ffmpeg as an HLS client: exit {clientRun.ExitCode}: {clientRun.StandardError}");
        var clientPackets = await VideoPackets.ProbeAsync(clientCapture);
        var fromKey = clientPackets.SkipWhile(p => !p.Key).Select(p => p.Pts).ToList();
        var clientSorted = fromKey.Distinct().Order().ToList();
        Assert.True(fromKey.Count > 25 * 30 && fromKey.Count == clientSorted.Count
            && clientSorted.Zip(clientSorted.Skip(1), (a, b) => b - a).All(d => d == source.Options.FrameTicks),
            $"ffmpeg client: {fromKey.Count} frames, {fromKey.Count - clientSorted.Count} repeated, " +
            $"{clientSorted.Zip(clientSorted.Skip(1), (a, b) => b - a).Count(d => d != source.Options.FrameTicks)} holes");

        var got = (await VideoPackets.ProbeAsync(played)).Select(p => p.Pts).ToList();
        var repeated = got.Count - got.Distinct().Count();
        var sorted = got.Distinct().Order().ToList();
        var holes = sorted.Zip(sorted.Skip(1), (a, b) => b - a).Count(d => d != source.Options.FrameTicks);
        Assert.True(got.Count > 0 && repeated == 0 && holes == 0,
            $"{got.Count} frames from {byNumber.Count} segments of {Path.GetFileName(first)} and {Path.GetFileName(second)}: {repeated} repeated, {holes} holes");
        Assert.Equal("", await VideoPackets.DecodeErrorsAsync(played));
    }

    /// <summary>The first TS packet is the PAT (PID 0), as at every keyframe of a record (docs/recording-format.md).</summary>
    private static bool StartsWithPat(byte[] segment) => segment.Length >= 188 && segment[0] == 0x47 && (((segment[1] & 0x1F) << 8) | segment[2]) == 0;

    private static (long Sequence, List<string> Uris) Parse(string playlist)
    {
        var lines = playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sequence = long.Parse(lines.Single(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))[22..], CultureInfo.InvariantCulture);
        return (sequence, lines.Where(l => !l.StartsWith('#')).ToList());
    }

    /// <summary>The run's recorder closed the file (log 5114 names it).</summary>
    private static bool Finished(DaemonProcess daemon, string record) =>
        daemon.Output.Split('\n').Any(l => l.Contains("(5114)", StringComparison.Ordinal) && l.Contains(record, StringComparison.Ordinal));

    private static async Task CreateTaskAsync(DaemonProcess daemon, string sourceUrl, long start)
    {
        await new RecordingTask(ChannelId, "Live seam test", daemon.RecordsDir, sourceUrl) { Duration = 120, RepeatPeriod = 120, StartTimestamp = start }.CreateAsync(daemon.RpcPort);
    }

    private static async Task<bool> IsAvailableAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return response.IsSuccessStatusCode;
    }
}
