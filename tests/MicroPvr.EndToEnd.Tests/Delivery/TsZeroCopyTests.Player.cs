using System.Globalization;
using System.Text.RegularExpressions;
using MicroPvr.EndToEnd.Tests.Daemon;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// The player URLs that stream MPEG-TS (compat spec §11) on the zero-copy fast path give the answers
/// of the player URL handler (docs/player-urls.md): same pattern and daemon as the <c>/ts</c> tests,
/// the fast path counted by log 7124. A refusal (400, 404) and a channel name that needs
/// percent-decoding are handed to Kestrel, so they must equal Kestrel's answer too.
/// </summary>
public sealed partial class TsZeroCopyTests
{
    [Fact]
    public async Task Player_archive_and_timeshift_ts_are_the_same_on_both_paths_and_counted()
    {
        var firstLength = new FileInfo(fixture.First).Length;
        // A window across the record seam that is over (finite: read to its last chunk; the second
        // record had 4 s indexed past the seam when the fixture was ready), then endless forms.
        var archive = $"/{ChannelId}/archive-{From}-{PastWindowSeconds}.ts?aid=zc";
        var fastBefore = PlayerZeroCopyAnswers();
        var bytesBefore = await ChannelBytesAsync();
        var fast = await GetAsync(await FreshAsync(), archive);
        await AssertPlayerAnswersAsync(fastBefore + 1);
        var bytesAfter = await ChannelBytesAsync();
        var kestrel = await GetAsync(await KestrelOwnedAsync(), archive);
        await AssertPlayerAnswersAsync(fastBefore + 1);
        Assert.Equal(200, fast.Status);
        Assert.Equal("chunked", fast.Header("Transfer-Encoding"));
        Assert.Equal("no-store", fast.Header("Cache-Control"));
        Assert.Equal(kestrel.HeadWithoutDate, fast.HeadWithoutDate);
        Assert.True(fast.Body.Length > firstLength / 2 && fast.Body[0] == 0x47, $"{fast.Body.Length} bytes");
        Assert.Equal(kestrel.Body, fast.Body);
        Assert.Equal(fast.Body.Length, bytesAfter - bytesBefore);

        foreach (var (url, count) in new[]
        {
            ($"/{ChannelId}/timeshift_abs-{From}.ts", (int)firstLength + (256 * 1024)),
            ($"/{ChannelId}/mpegts?utc={From}&lutc={DateTimeOffset.UtcNow.ToUnixTimeSeconds()}", 512 * 1024),
        })
        {
            await CompareStreamsAsync(url, count, compareBodies: true);
        }

        // From "now": the two requests may start at different keyframes, so only heads and framing.
        await CompareStreamsAsync($"/{ChannelId}/timeshift_rel-2.ts", 64 * 1024, compareBodies: false);
        await CompareStreamsAsync($"/{ChannelId}/mpegts", 64 * 1024, compareBodies: false);
        await AssertPlayerAnswersAsync(fastBefore + 5);
    }

    [Fact]
    public async Task Player_segments_are_the_same_on_both_paths_and_counted()
    {
        var segments = await SegmentsAsync();
        Assert.NotEmpty(segments);
        foreach (var segment in segments.Take(3))
        {
            var url = $"/{ChannelId}/{segment}";
            var fastBefore = PlayerZeroCopyAnswers();
            var bytesBefore = await ChannelBytesAsync();
            var fast = await GetAsync(await FreshAsync(), url);
            var bytesAfter = await ChannelBytesAsync();
            await AssertPlayerAnswersAsync(fastBefore + 1);
            var kestrel = await GetAsync(await KestrelOwnedAsync(), url);
            Assert.Equal(200, fast.Status);
            Assert.Equal("max-age=86400", fast.Header("Cache-Control"));
            Assert.Equal(kestrel.HeadWithoutDate, fast.HeadWithoutDate);
            Assert.Equal(kestrel.Body, fast.Body);
            var parts = SegmentName().Match(segment).Groups;
            var (offset, length) = (long.Parse(parts[2].Value, CultureInfo.InvariantCulture), int.Parse(parts[3].Value, CultureInfo.InvariantCulture));
            Assert.Equal(length, fast.Body.Length);
            var record = RecordsOnDisk.Files(Daemon.RecordsDir, ChannelId).Select(f => File.ReadAllBytes(f)).First(b => b.Length >= offset + length
                && b.AsSpan((int)offset, length).SequenceEqual(fast.Body));
            Assert.NotNull(record);
            Assert.Equal(length, bytesAfter - bytesBefore);
        }
    }

    [Fact]
    public async Task Player_refusals_heads_and_names_to_decode_get_the_same_answers()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var segment = (await SegmentsAsync())[0];
        var recordId = SegmentName().Match(segment).Groups[1].Value;
        string[] requests =
        [
            $"GET /{ChannelId}/timeshift_abs-12x.ts HTTP/1.1",
            $"GET /{ChannelId}/archive-{From}-0.ts HTTP/1.1",
            $"GET /{ChannelId}/mpegts?utc=-1 HTTP/1.1",
            $"GET /{ChannelId}/mpegts?utc=1&UTC=2 HTTP/1.1",
            $"GET /998/mpegts HTTP/1.1",
            $"GET /998/seg-{recordId}-0-188.ts HTTP/1.1",
            $"GET /{ChannelId}/timeshift_abs-{now + 3600}.ts HTTP/1.1",
            $"GET /{ChannelId}/archive-1000-10.ts HTTP/1.1",
            $"GET /{ChannelId}/seg-999999-0-188.ts HTTP/1.1",
            $"GET /{ChannelId}/seg-{recordId}-1-188.ts HTTP/1.1",
            $"GET /{ChannelId}/seg-{recordId}-0-18800000000.ts HTTP/1.1",
            $"GET /{ChannelId}/mono-timeshift_abs-{From}.ts HTTP/1.1",
            $"GET /Zero-copy%20ts%20test/archive-{From}-4.ts HTTP/1.1",
            $"HEAD /{ChannelId}/timeshift_abs-{From}.ts?aid=probe HTTP/1.1",
            $"HEAD /{ChannelId}/mpegts HTTP/1.0",
            $"HEAD /{ChannelId}/{segment} HTTP/1.1",
            $"HEAD /998/mpegts HTTP/1.1",
            $"GET /{ChannelId}/{segment} HTTP/1.0",
        ];
        var fastBefore = PlayerZeroCopyAnswers();
        await AssertSameAnswersAsync(requests);

        // Only the last GET was sent by the zero-copy path (HEADs send no body, refusals are Kestrel's).
        await AssertPlayerAnswersAsync(fastBefore + 1);
    }

    [Fact]
    public async Task Pipelined_player_requests_and_http10_are_answered_in_order()
    {
        var segment = $"/{ChannelId}/{(await SegmentsAsync())[0]}";
        var archive = $"/{ChannelId}/archive-{From}-4.ts";
        var expectedSegment = await GetAsync(await KestrelOwnedAsync(), segment);
        var expectedArchive = await GetAsync(await KestrelOwnedAsync(), archive);
        var fastBefore = PlayerZeroCopyAnswers();
        await using (var connection = await FreshAsync())
        {
            await connection.SendAsync(
                $"GET {segment} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                $"GET {archive} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                $"HEAD {archive} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                $"GET {segment} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                $"GET /{ChannelId}/timeshift_abs-1x.ts HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                $"GET {segment} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            var first = await connection.ReadResponseAsync();
            Assert.Equal(expectedSegment.HeadWithoutDate, first.HeadWithoutDate);
            Assert.Equal(expectedSegment.Body, first.Body);
            var second = await connection.ReadResponseAsync();
            Assert.Equal(expectedArchive.HeadWithoutDate, second.HeadWithoutDate);
            Assert.Equal(expectedArchive.Body, second.Body);
            Assert.Equal(200, (await connection.ReadResponseAsync(head: true)).Status);
            Assert.Equal(expectedSegment.Body, (await connection.ReadResponseAsync()).Body);
            Assert.Equal(400, (await connection.ReadResponseAsync()).Status); // Kestrel's from here: handed over
            Assert.Equal(expectedSegment.Body, (await connection.ReadResponseAsync()).Body);
        }

        await AssertPlayerAnswersAsync(fastBefore + 3);

        // HTTP/1.0: a stream ends with the connection; a segment has a length and keeps a keep-alive connection.
        await using (var connection = await FreshAsync())
        {
            await connection.SendAsync($"GET {archive} HTTP/1.0\r\n\r\n");
            var head = await connection.ReadResponseAsync(head: true);
            Assert.Equal("close", head.Header("Connection"));
            Assert.Null(head.Header("Transfer-Encoding"));
            using var cts = new CancellationTokenSource(Patience);
            Assert.Equal(expectedArchive.Body, await connection.ReadUpToAsync(expectedArchive.Body.Length + 1, cts.Token));
            Assert.True(await connection.ClosedByServerAsync());
        }

        await using (var connection = await FreshAsync())
        {
            await connection.SendAsync($"GET {segment} HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET {segment} HTTP/1.0\r\n\r\n");
            var keepAlive = await connection.ReadResponseAsync();
            Assert.Equal("keep-alive", keepAlive.Header("Connection"));
            Assert.Equal(expectedSegment.Body, keepAlive.Body);
            var last = await connection.ReadResponseAsync();
            Assert.Equal("close", last.Header("Connection"));
            Assert.Equal(expectedSegment.Body, last.Body);
            Assert.True(await connection.ClosedByServerAsync());
        }

        await AssertPlayerAnswersAsync(fastBefore + 6);
    }

    /// <summary>Opens the same endless URL on both paths at once; equal heads, and <paramref name="count"/> de-chunked bytes each.</summary>
    private async Task CompareStreamsAsync(string url, int count, bool compareBodies)
    {
        await using var fastConnection = await FreshAsync();
        await using var kestrelConnection = await KestrelOwnedAsync();
        var request = $"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        await Task.WhenAll(fastConnection.SendAsync(request), kestrelConnection.SendAsync(request));
        var (fastHead, kestrelHead) = (await fastConnection.ReadResponseAsync(head: true), await kestrelConnection.ReadResponseAsync(head: true));
        Assert.True(kestrelHead.HeadWithoutDate == fastHead.HeadWithoutDate, $"{url}\nfast:\n{fastHead.HeadWithoutDate}\nkestrel:\n{kestrelHead.HeadWithoutDate}");
        using var cts = new CancellationTokenSource(Patience);
        var bodies = await Task.WhenAll(fastConnection.ReadChunkedUpToAsync(count, cts.Token), kestrelConnection.ReadChunkedUpToAsync(count, cts.Token));
        Assert.Equal(count, bodies[0].Length);
        Assert.Equal(count, bodies[1].Length);
        Assert.Equal(0x47, bodies[0][0]);
        Assert.Equal(0x47, bodies[0][188]);
        if (compareBodies)
        {
            Assert.Equal(bodies[1], bodies[0]);
        }
    }

    /// <summary>The segment names of a player playlist of the first record's window (Kestrel's answer).</summary>
    private async Task<List<string>> SegmentsAsync()
    {
        var playlist = await GetAsync(await KestrelOwnedAsync(), $"/{ChannelId}/archive-{From}-{PastWindowSeconds}.m3u8");
        Assert.Equal(200, playlist.Status);
        return [.. System.Text.Encoding.UTF8.GetString(playlist.Body).Split('\n').Select(l => l.Trim()).Where(l => SegmentName().IsMatch(l))];
    }

    /// <summary>From <see cref="From"/> to 2 s past the seam: a window across both records, all of it in the past.</summary>
    private long PastWindowSeconds => (RecordsOnDisk.Index(fixture.First)[^1].UtcMilliseconds / 1000) + 2 - From;

    /// <summary>
    /// The zero-copy path has sent <paramref name="expected"/> player answers (log 7124) so far: the
    /// log is written asynchronously, so a missing line is waited for (a bound, not a timing), and
    /// a settled count must be exact.
    /// </summary>
    private async Task AssertPlayerAnswersAsync(int expected)
    {
        await RecordsOnDisk.WaitAsync(() => PlayerZeroCopyAnswers() >= expected, Patience);
        Assert.Equal(expected, PlayerZeroCopyAnswers());
    }

    /// <summary>Player URL answers sent by the zero-copy path for this channel so far (log 7124).</summary>
    private int PlayerZeroCopyAnswers() =>
        Daemon.LogText.Split('\n').Count(l => l.Contains("(7124)", StringComparison.Ordinal) && l.Contains($" of channel {ChannelId} sent", StringComparison.Ordinal));

    [GeneratedRegex(@"^seg-(\d+)-(\d+)-(\d+)\.ts$")]
    private static partial Regex SegmentName();
}
