using System.Globalization;
using System.Text.Json.Nodes;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Faults;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// EXT-X-DISCONTINUITY-SEQUENCE of the sliding live playlist <c>/CH/index.m3u8</c> (RFC 8216
/// §4.3.3.3, §6.2.2) with the real daemon: a player reloads it every second while the source is
/// restarted (its timestamps begin again: a discontinuity) and while the daemon itself is
/// restarted (a gap in the recording). The sequence never decreases; every segment URI seen on two
/// reloads has the same discontinuity sequence number (the playlist's value plus the tags before
/// it); the source restart's tag slides out and raises the value by exactly one; the restarted
/// daemon goes on with the stored count (docs/player-urls.md "Live discontinuity sequence").
/// </summary>
public sealed class LiveDiscontinuitySequenceTests
{
    private const int ChannelId = 17;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_live_discontinuity_sequence_never_decreases_and_keeps_each_number_across_a_source_and_a_daemon_restart()
    {
        using var source = new LiveSource();
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?>
        {
            ["task-postpone-time"] = 2,
            ["records-checking-period"] = 2,
            // 4-s segments: 2-s slots.
            ["records-default-segment-size"] = 4,
        });
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        await new RecordingTask(ChannelId, "Live discontinuity test", daemon.RecordsDir, source.TaskUrl).CreateAsync(daemon.RpcPort);
        using var http = new HttpClient { BaseAddress = daemon.HttpBase, Timeout = TimeSpan.FromSeconds(10) };
        var player = new Player(http, daemon);
        Assert.True(await DaemonTasks.WaitAsync(async () => await player.ReloadAsync() is not null, Patience),
            $"{ChannelId}/index.m3u8 never answered 200. ffmpeg: {source.Errors}\nOutput:\n{daemon.Output}");
        await player.ReloadForAsync(TimeSpan.FromSeconds(6));
        var atStart = player.Last!.Sequence;

        // The head-end restarts: its timestamps begin again (Discontinuity in the index, a tag in
        // the playlist). Reload until that discontinuity is behind the window's first segment.
        // Two ways, both counted once: the tag is listed and slides out; or, when the restart
        // left a whole slot without data (ffmpeg slow to start again on a loaded machine), the
        // window starts anew at the first segment after it, whose own tag is not written (it
        // heads the playlist; docs/player-urls.md) but whose number already counts it.
        await source.RestartAsync(TimeSpan.FromMilliseconds(500));
        Assert.True(await player.ReloadUntilAsync(() => player.Last is { Tags: 0 } last && last.Sequence > atStart, 2 * Patience),
            $"the source restart's discontinuity was not counted: {player.History}\nffmpeg: {source.Errors}\nOutput:\n{daemon.Output}");
        // Exactly one discontinuity slid out (the 80-s seam of daily records would not count either).
        Assert.Equal(atStart + 1, player.Last!.Sequence);
        await player.ReloadForAsync(TimeSpan.FromSeconds(4));
        var beforeRestart = player.Last!;

        // The daemon restarts (SIGTERM, start again with the same catalog and files): the recording
        // resumes after a gap, which is one more discontinuity; the count goes on from the stored
        // mark instead of starting anew (a new count would start far above: one per 500 ms since 2024).
        Assert.Equal(0, await daemon.StopAsync());
        await daemon.StartAgainAsync();
        player.Restarted();
        Assert.True(await DaemonTasks.WaitAsync(async () => await player.ReloadAsync() is not null, Patience),
            $"{ChannelId}/index.m3u8 never answered 200 after the restart.\nOutput:\n{daemon.Output}");
        // Until the recording resumes, the window still lists the segments from before the stop,
        // with their numbers (checked on every reload); then the gap's segment is listed first.
        Assert.True(await player.ReloadUntilAsync(() => player.Last!.Sequence > beforeRestart.Sequence + beforeRestart.Tags, Patience),
            $"the recording's gap over the restart never moved the sequence: {player.History}\nOutput:\n{daemon.Output}");
        var afterRestart = player.Last!;
        Assert.InRange(afterRestart.Sequence, beforeRestart.Sequence + beforeRestart.Tags + 1, beforeRestart.Sequence + beforeRestart.Tags + 2);
        await player.ReloadForAsync(TimeSpan.FromSeconds(6));
        Assert.True(player.Reloads >= 15, $"only {player.Reloads} reloads: {player.History}");
        // One count in all (log 7203 at the first reload only): the restarted daemon followed the stored mark.
        var newCounts = daemon.Output.Split('\n').Where(l => l.Contains("(7203)", StringComparison.Ordinal)).ToList();
        Assert.True(newCounts.Count == 1, $"{newCounts.Count} new counts:\n{string.Join('\n', newCounts)}");
    }

    /// <summary>One reload: EXT-X-MEDIA-SEQUENCE, EXT-X-DISCONTINUITY-SEQUENCE, and the tags written in the window.</summary>
    private sealed record Reload(long MediaSequence, long Sequence, int Tags);

    /// <summary>A player's view of the live playlist over its reloads, checked on every one.</summary>
    private sealed class Player(HttpClient http, DaemonProcess daemon)
    {
        private readonly Dictionary<string, long> _numberOf = new(StringComparer.Ordinal);
        private readonly List<string> _history = [];

        public Reload? Last { get; private set; }

        public int Reloads { get; private set; }

        public string History => string.Join(' ', _history.TakeLast(40));

        /// <summary>After a daemon restart the window may be 404 until a whole slot is recorded; nothing else changes.</summary>
        public void Restarted() => _history.Add("[daemon restarted]");

        public async Task<Reload?> ReloadAsync()
        {
            using var response = await http.GetAsync($"{ChannelId}/index.m3u8");
            if (!response.IsSuccessStatusCode)
            {
                _history.Add($"[{(int)response.StatusCode}]");
                return null;
            }

            var text = await response.Content.ReadAsStringAsync();
            var playlist = HlsMediaPlaylist.Parse(text);
            var media = Tag(text, "#EXT-X-MEDIA-SEQUENCE:") ?? 0;
            // Absent means 0 (RFC 8216 §4.3.3.3).
            var sequence = Tag(text, "#EXT-X-DISCONTINUITY-SEQUENCE:") ?? 0;
            Reloads++;
            Assert.True(Last is null || sequence >= Last.Sequence,
                $"reload {Reloads}: EXT-X-DISCONTINUITY-SEQUENCE went from {Last?.Sequence} to {sequence}\n{text}\n{History}\nOutput:\n{daemon.Output}");
            var tags = 0;
            for (var i = 0; i < playlist.Segments.Count; i++)
            {
                var segment = playlist.Segments[i];
                tags += i > 0 && segment.Discontinuity ? 1 : 0;
                var number = sequence + tags;
                Assert.True(!_numberOf.TryGetValue(segment.Uri, out var known) || known == number,
                    $"reload {Reloads}: {segment.Uri} has discontinuity sequence number {number}, had {known}\n{text}\n{History}");
                _numberOf[segment.Uri] = number;
            }

            Last = new Reload(media, sequence, tags);
            _history.Add(string.Create(CultureInfo.InvariantCulture, $"{media}/{sequence}+{tags}"));
            return Last;
        }

        public async Task ReloadForAsync(TimeSpan time)
        {
            var until = DateTime.UtcNow + time;
            while (DateTime.UtcNow < until)
            {
                await Task.Delay(1000);
                await ReloadAsync();
            }
        }

        public async Task<bool> ReloadUntilAsync(Func<bool> done, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < until)
            {
                await Task.Delay(1000);
                await ReloadAsync();
                if (done())
                {
                    return true;
                }
            }

            return false;
        }

        private static long? Tag(string text, string name)
        {
            var line = text.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[name.Length..], CultureInfo.InvariantCulture);
        }
    }
}
