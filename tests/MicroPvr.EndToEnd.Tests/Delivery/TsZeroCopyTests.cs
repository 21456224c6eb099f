using System.Globalization;
using System.Text.Json.Nodes;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// <c>/ts</c> on the zero-copy fast path gives the answers of the Kestrel handler (docs/delivery.md
/// "Zero-copy fast path"). One daemon records a seamless periodic task (two records side by side,
/// the first finished); every request goes once on a fresh connection (the fast path answers it:
/// log 7123) and once on a connection Kestrel owns (after a <c>/healthz</c>, the fast path hands a
/// connection over for good: what <c>http-sendfile: false</c> does for every connection). Heads
/// (Date aside) and de-chunked bodies must be equal: a finite <c>/ts</c>, an endless one across
/// the record seam, one at the live edge, malformed and unknown queries, HEAD, HTTP/1.0, and
/// pipelined requests after a finite <c>/ts</c> on one connection.
/// </summary>
public sealed partial class TsZeroCopyTests(TsZeroCopyTests.SeamDaemon fixture) : IClassFixture<TsZeroCopyTests.SeamDaemon>
{
    public const int ChannelId = 19;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private DaemonProcess Daemon => fixture.Daemon;

    private long From => (RecordsOnDisk.Index(fixture.First)[0].UtcMilliseconds / 1000) + 1;

    [Fact]
    public async Task Finite_ts_is_the_same_on_both_paths_and_counted()
    {
        var url = $"/ts?channel_id={ChannelId}&timestamp={From}&aid=zc";
        var fastBefore = ZeroCopyAnswers();
        var bytesBefore = await ChannelBytesAsync();
        var fast = await GetAsync(await FreshAsync(), url);
        Assert.Equal(fastBefore + 1, ZeroCopyAnswers());
        var bytesAfter = await ChannelBytesAsync();
        var kestrel = await GetAsync(await KestrelOwnedAsync(), url);
        Assert.Equal(fastBefore + 1, ZeroCopyAnswers());

        Assert.Equal(200, fast.Status);
        Assert.Equal("chunked", fast.Header("Transfer-Encoding"));
        Assert.Equal(kestrel.HeadWithoutDate, fast.HeadWithoutDate);
        Assert.True(fast.Body.Length > 188 * 100 && fast.Body[0] == 0x47, $"{fast.Body.Length} bytes");
        Assert.Equal(kestrel.Body, fast.Body);
        // The finished first record, from the index entry at or before the time to its end.
        var file = await File.ReadAllBytesAsync(fixture.First);
        var offset = RecordsOnDisk.Index(fixture.First).Last(e => e.UtcMilliseconds <= From * 1000).ByteOffset;
        Assert.Equal(file.AsSpan((int)offset, fast.Body.Length).ToArray(), fast.Body);
        Assert.True(file.Length - offset - fast.Body.Length < 188, "the answer stops before the end of the record");
        // compat spec §5: the bytes of the answer for the channel (no other viewer of it meanwhile).
        Assert.Equal(fast.Body.Length, bytesAfter - bytesBefore);
    }

    [Fact]
    public async Task Endless_ts_across_the_seam_and_at_the_live_edge_is_the_same_on_both_paths()
    {
        var firstLength = new FileInfo(fixture.First).Length;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        foreach (var (url, count) in new[]
        {
            ($"/ts?channel_id={ChannelId}&timestamp={From}&endless=1", (int)firstLength + (256 * 1024)),
            ($"/ts?channel_id={ChannelId}&timestamp={now}&endless=1", 64 * 1024),
        })
        {
            await using var fastConnection = await FreshAsync();
            await using var kestrelConnection = await KestrelOwnedAsync();
            var request = $"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            await Task.WhenAll(fastConnection.SendAsync(request), kestrelConnection.SendAsync(request));
            var (fastHead, kestrelHead) = (await fastConnection.ReadResponseAsync(head: true), await kestrelConnection.ReadResponseAsync(head: true));
            Assert.Equal(kestrelHead.HeadWithoutDate, fastHead.HeadWithoutDate);
            using var cts = new CancellationTokenSource(Patience);
            var bodies = await Task.WhenAll(fastConnection.ReadChunkedUpToAsync(count, cts.Token), kestrelConnection.ReadChunkedUpToAsync(count, cts.Token));
            Assert.Equal(count, bodies[0].Length);
            Assert.Equal(bodies[1], bodies[0]);
        }
    }

    [Fact]
    public async Task Malformed_unknown_and_head_requests_get_the_same_answers()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string[] requests =
        [
            $"GET /ts?channel_id=x&timestamp={From} HTTP/1.1",
            $"GET /ts?timestamp={From} HTTP/1.1",
            $"GET /ts?channel_id={ChannelId}&timestamp= HTTP/1.1",
            $"GET /ts?channel_id={ChannelId}&timestamp=-5 HTTP/1.1",
            $"GET /ts?channel_id={ChannelId}&timestamp=253402300800 HTTP/1.1",
            $"GET /ts?channel_id={ChannelId}&timestamp={From}&endless=2 HTTP/1.1",
            $"GET /ts?channel_id={ChannelId}&timestamp={From}&priority=1.5 HTTP/1.1",
            $"GET /ts?channel_id=99999999999&timestamp={From} HTTP/1.1",
            $"GET /ts?channel_id=998&timestamp={now - 10} HTTP/1.1",
            $"GET /ts?channel_id={ChannelId}&timestamp=1000 HTTP/1.1",
            $"GET /ts?channel_id={ChannelId}&timestamp={now + 3600} HTTP/1.1",
            $"GET /ts?channel_id=%31{ChannelId}&timestamp={From} HTTP/1.1",
            $"HEAD /ts?Channel_ID={ChannelId}&timestamp={From}&aid=probe HTTP/1.1",
            $"HEAD /ts?channel_id={ChannelId}&timestamp={From} HTTP/1.0",
            $"HEAD /ts?channel_id=998&timestamp={From} HTTP/1.1",
        ];
        await AssertSameAnswersAsync(requests);
    }

    /// <summary>Each raw request line, on a fresh connection of each path: the same head (but Date) and body.</summary>
    private async Task AssertSameAnswersAsync(IEnumerable<string> requests)
    {
        foreach (var line in requests)
        {
            var head = line.StartsWith("HEAD", StringComparison.Ordinal);
            var fast = await GetAsync(await FreshAsync(), line, raw: true, head);
            var kestrel = await GetAsync(await KestrelOwnedAsync(), line, raw: true, head);
            Assert.True(kestrel.HeadWithoutDate == fast.HeadWithoutDate, $"{line}\nfast:\n{fast.HeadWithoutDate}\nkestrel:\n{kestrel.HeadWithoutDate}");
            Assert.Equal(kestrel.Body, fast.Body);
        }
    }

    [Fact]
    public async Task Pipelined_requests_after_a_finite_ts_and_http10_are_answered_in_order()
    {
        var url = $"/ts?channel_id={ChannelId}&timestamp={From}";
        var expected = await GetAsync(await KestrelOwnedAsync(), url);
        await using (var connection = await FreshAsync())
        {
            await connection.SendAsync(
                $"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                $"GET /ts?channel_id=x&timestamp=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                $"HEAD {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                $"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            var first = await connection.ReadResponseAsync();
            Assert.Equal(expected.HeadWithoutDate, first.HeadWithoutDate);
            Assert.Equal(expected.Body, first.Body);
            Assert.Equal(400, (await connection.ReadResponseAsync()).Status);
            Assert.Equal(200, (await connection.ReadResponseAsync(head: true)).Status);
            Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
            var last = await connection.ReadResponseAsync(); // Kestrel's now: the connection was handed over
            Assert.Equal(expected.Body, last.Body);
        }

        // HTTP/1.0: no chunking, the end of the body is the end of the connection.
        await using (var connection = await FreshAsync())
        {
            await connection.SendAsync($"GET {url} HTTP/1.0\r\n\r\n");
            var head = await connection.ReadResponseAsync(head: true);
            Assert.Equal("close", head.Header("Connection"));
            Assert.Null(head.Header("Transfer-Encoding"));
            using var cts = new CancellationTokenSource(Patience);
            var body = await connection.ReadUpToAsync(expected.Body.Length + 1, cts.Token);
            Assert.Equal(expected.Body, body);
            Assert.True(await connection.ClosedByServerAsync());
        }
    }

    /// <summary>Answers sent by the zero-copy path for this channel so far (log 7123).</summary>
    private int ZeroCopyAnswers() =>
        Daemon.LogText.Split('\n').Count(l => l.Contains("(7123)", StringComparison.Ordinal) && l.Contains($"/ts of channel {ChannelId} ", StringComparison.Ordinal));

    private Task<RawHttpConnection> FreshAsync() => RawHttpConnection.OpenAsync(Daemon.HttpPort);

    /// <summary>A connection whose first request is not the fast path's: Kestrel serves all of it.</summary>
    private async Task<RawHttpConnection> KestrelOwnedAsync()
    {
        var connection = await RawHttpConnection.OpenAsync(Daemon.HttpPort);
        await connection.SendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        return connection;
    }

    /// <summary>One request on the connection (then closed): a URL, or a raw request line when <paramref name="raw"/>.</summary>
    private static async Task<RawHttpResponse> GetAsync(RawHttpConnection connection, string target, bool raw = false, bool head = false)
    {
        await using (connection)
        {
            var line = raw ? target : $"GET {target} HTTP/1.1";
            await connection.SendAsync(line + "\r\n" + (line.EndsWith("1.0", StringComparison.Ordinal) ? "" : "Host: 127.0.0.1\r\n") + "\r\n");
            return await connection.ReadResponseAsync(head);
        }
    }

    private async Task<long> ChannelBytesAsync()
    {
        using var http = new HttpClient { BaseAddress = Daemon.HttpBase, Timeout = Patience };
        var metrics = PrometheusExposition.Parse(await http.GetStringAsync("metrics"));
        return (long)(metrics.Value("micropvr_channel_sent_bytes_total", ("channel_id", ChannelId.ToString(CultureInfo.InvariantCulture))) ?? 0);
    }

    /// <summary>
    /// A seamless periodic task whose first run ends ~10 s after the start: the next run starts at
    /// once beside it (compat spec §3 overlap). Ready when the first record is finished (5114) and
    /// the second has 4 s indexed after it.
    /// </summary>
    public sealed class SeamDaemon : IAsyncLifetime
    {
        private DaemonProcess? _daemon;
        private LiveSource? _source;

        public DaemonProcess Daemon => _daemon ?? throw new InvalidOperationException("not started");

        public string First { get; private set; } = "";

        public async Task InitializeAsync()
        {
            _daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?> { ["task-postpone-time"] = 2 });
            await MiddlewareClient.WaitListeningAsync(_daemon.RpcPort);
            _source = new LiveSource();
            await new RecordingTask(ChannelId, "Zero-copy ts test", _daemon.RecordsDir, _source.TaskUrl) { Duration = 120, RepeatPeriod = 120, StartTimestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120 + 10 }.CreateAsync(_daemon.RpcPort);

            var ready = await RecordsOnDisk.WaitAsync(() =>
            {
                if (RecordsOnDisk.Files(_daemon.RecordsDir, ChannelId) is not [var first, var second] || !Finished(first))
                {
                    return false;
                }

                var firstEnd = RecordsOnDisk.Index(first)[^1].UtcMilliseconds;
                return RecordsOnDisk.Index(second) is { Length: > 0 } index && index[^1].UtcMilliseconds - firstEnd >= 4_000;
            }, TimeSpan.FromSeconds(90));
            if (!ready)
            {
                throw new InvalidOperationException($"no finished record and a next one. ffmpeg: {_source.Errors}\nDaemon:\n{_daemon.Output}");
            }

            First = RecordsOnDisk.Files(_daemon.RecordsDir, ChannelId)[0];
        }

        private bool Finished(string record) =>
            Daemon.Output.Split('\n').Any(l => l.Contains("(5114)", StringComparison.Ordinal) && l.Contains(record, StringComparison.Ordinal));

        public async Task DisposeAsync()
        {
            _source?.Dispose();
            if (_daemon is not null)
            {
                await _daemon.DisposeAsync();
            }
        }
    }
}
