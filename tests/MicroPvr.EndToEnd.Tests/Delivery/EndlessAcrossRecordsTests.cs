using System.Net;
using System.Text.Json.Nodes;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// <c>/ts?endless=1</c> across two consecutive records of a seamless periodic task (compat spec
/// §3: the next run starts 80 s before the previous one ends, both files hold the overlap). A
/// 120-s task whose first run has only a few seconds left makes the daemon start the next run at
/// once, so the overlap happens within seconds instead of minutes, through the real scheduler and
/// one shared ingest. Every video frame must arrive exactly once: the PTS sequence a client
/// receives equals the union of the two files' frames, with nothing repeated or skipped.
/// </summary>
public sealed class EndlessAcrossRecordsTests
{
    private const int ChannelId = 12;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Endless_stream_crosses_the_overlap_of_consecutive_records_without_repeating_or_skipping_a_frame()
    {
        using var source = new LiveSource();
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?> { ["task-postpone-time"] = 2 });
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        // The first run ends ~14 s from now; the next one (repeat_period == duration) is due 80 s
        // before that, so it starts at once and both files are written side by side.
        await CreateTaskAsync(daemon, source.TaskUrl, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120 + 14);
        Assert.True(await RecordsOnDisk.WaitAsync(
            () => RecordsOnDisk.Files(daemon.RecordsDir, ChannelId) is [var f, _] && RecordsOnDisk.IndexedSeconds(f) >= 3, Patience),
            $"no two records of channel {ChannelId}. ffmpeg: {source.Errors}\nOutput:\n{daemon.Output}");
        var (first, second) = (RecordsOnDisk.Files(daemon.RecordsDir, ChannelId)[0], RecordsOnDisk.Files(daemon.RecordsDir, ChannelId)[1]);
        var from = (RecordsOnDisk.Index(first)[0].UtcMilliseconds / 1000) + 1;
        using var http = new HttpClient { BaseAddress = daemon.HttpBase, Timeout = Timeout.InfiniteTimeSpan };

        // A viewer at the live edge of the first record when it ends: the stream continues in the second.
        var liveCapture = Path.Combine(daemon.RootDir, "live.ts");
        using var stopLive = new CancellationTokenSource();
        var live = CaptureAsync(http, $"ts?channel_id={ChannelId}&timestamp={from}&endless=1", liveCapture, stopLive.Token);

        // Wait for the first run's end and 6 s of the second record after it.
        Assert.True(await RecordsOnDisk.WaitAsync(() => Finished(daemon, first), Patience), "the first run did not end.\nOutput:\n" + daemon.Output);
        var firstEnd = RecordsOnDisk.Index(first)[^1].UtcMilliseconds;
        Assert.True(await RecordsOnDisk.WaitAsync(() => RecordsOnDisk.Index(second)[^1].UtcMilliseconds - firstEnd >= 6_000, Patience),
            "the second record did not go on.\nOutput:\n" + daemon.Output);
        await stopLive.CancelAsync();
        Assert.Equal(HttpStatusCode.OK, await live);

        // A viewer starting after the first record ended: the seam at its last keyframe.
        var archiveCapture = Path.Combine(daemon.RootDir, "archive.ts");
        using (var stopArchive = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            Assert.Equal(HttpStatusCode.OK, await CaptureAsync(http, $"ts?channel_id={ChannelId}&timestamp={from}&endless=1", archiveCapture, stopArchive.Token));
        }

        var recorded = new SortedSet<long>();
        foreach (var file in new[] { first, second })
        {
            foreach (var p in await VideoPackets.ProbeAsync(file))
            {
                recorded.Add(p.Pts);
            }
        }

        foreach (var capture in new[] { liveCapture, archiveCapture })
        {
            var got = (await VideoPackets.ProbeAsync(capture)).Select(p => p.Pts).ToList();
            Assert.True(got.Count > 0, capture + " is empty");
            var expected = recorded.GetViewBetween(got[0], got.Max()).ToList();
            // Both records were fully streamed past the seam: the capture reaches beyond the first file.
            Assert.True((got.Max() - got[0]) / 90_000.0 > (firstEnd / 1000.0) - from + 2,
                $"{Path.GetFileName(capture)} covers only {(got.Max() - got[0]) / 90_000.0:F1} s");
            var repeated = got.Count - got.Distinct().Count();
            var missing = expected.Except(got).ToList();
            Assert.True(repeated == 0 && missing.Count == 0 && got.SequenceEqual(expected),
                $"{Path.GetFileName(capture)}: {got.Count} frames, {repeated} repeated, {missing.Count} missing " +
                $"(first missing PTS {(missing.Count > 0 ? missing[0] : -1)}), expected {expected.Count}");
            Assert.Equal("", await VideoPackets.DecodeErrorsAsync(capture));
        }
    }

    /// <summary>The run's recorder closed the file (log 5114 names it).</summary>
    private static bool Finished(DaemonProcess daemon, string record) =>
        daemon.Output.Split('\n').Any(l => l.Contains("(5114)", StringComparison.Ordinal) && l.Contains(record, StringComparison.Ordinal));

    /// <summary>Saves the response body until the token fires (or the server ends it); returns the status.</summary>
    private static async Task<HttpStatusCode> CaptureAsync(HttpClient http, string url, string path, CancellationToken stop)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop);
        await using var body = await response.Content.ReadAsStreamAsync(stop);
        await using var file = File.Create(path);
        try
        {
            await body.CopyToAsync(file, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // An endless stream only ends when the viewer leaves.
        }

        // ffprobe wants whole packets; the last read may end mid-packet.
        file.SetLength(file.Length / 188 * 188);
        return response.StatusCode;
    }

    private static async Task CreateTaskAsync(DaemonProcess daemon, string sourceUrl, long start)
    {
        await new RecordingTask(ChannelId, "Seam test", daemon.RecordsDir, sourceUrl) { Duration = 120, RepeatPeriod = 120, StartTimestamp = start }.CreateAsync(daemon.RpcPort);
    }
}
