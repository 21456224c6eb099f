using System.Globalization;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// The zero-copy fast path of <c>/pvr/&lt;nickname&gt;/&lt;file&gt;</c> (docs/delivery.md) on the real daemon
/// over real sockets: the same answers as the Kestrel path byte for byte, keep-alive, pipelining,
/// the hand-over to Kestrel on the same connection, HTTP/1.0 and Connection: close, escapes,
/// accounting, a client that hangs up, a record that shrinks while it is sent.
/// </summary>
public sealed class ZeroCopyDeliveryTests(ZeroCopyDaemon fixture) : IClassFixture<ZeroCopyDaemon>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string KestrelFirst = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    private DaemonProcess Daemon => fixture.Daemon;

    public static TheoryData<string, string?, bool> Requests => new()
    {
        { "GET", null, false },
        { "GET", "bytes=0-99", false },
        { "GET", "bytes=1000-", false },
        { "GET", "bytes=-500", false },
        { "GET", "bytes=-0", false },
        { "GET", "bytes=100-999999999", false },
        { "GET", "bytes=999999999-", false },
        { "GET", "bytes=5-3", false },
        { "GET", "bytes=0-1,5-6", false },
        { "HEAD", null, false },
        { "HEAD", "bytes=5-10", false },
        { "GET", null, true }, // HTTP/1.0
        { "GET", "bytes=10-20", true },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Answers_are_those_of_the_kestrel_path_byte_for_byte(string method, string? range, bool http10)
    {
        var request = $"{method} {fixture.UrlOf(fixture.SmallPath)} HTTP/1.{(http10 ? 0 : 1)}\r\nHost: 127.0.0.1\r\n"
            + (range is null ? "" : $"Range: {range}\r\n") + "\r\n";

        await using var fast = await RawHttpConnection.OpenAsync(Daemon.HttpPort);
        await fast.SendAsync(request);
        var fastAnswer = await fast.ReadResponseAsync(head: method == "HEAD");

        // The same request after a request the fast path leaves to Kestrel: Kestrel answers it.
        await using var kestrel = await RawHttpConnection.OpenAsync(Daemon.HttpPort);
        await kestrel.SendAsync(KestrelFirst);
        await kestrel.ReadResponseAsync();
        await kestrel.SendAsync(request);
        var kestrelAnswer = await kestrel.ReadResponseAsync(head: method == "HEAD");

        Assert.Equal(kestrelAnswer.HeadWithoutDate, fastAnswer.HeadWithoutDate);
        Assert.Equal(kestrelAnswer.Body, fastAnswer.Body);
        Assert.NotNull(fastAnswer.Header("Date"));
        if (fastAnswer.Status is 200 or 206 && method == "GET")
        {
            Assert.Equal(Slice(fixture.Small, fastAnswer), fastAnswer.Body);
        }
    }

    [Fact]
    public async Task Unknown_files_escapes_and_symlinks_out_of_the_directory_are_404()
    {
        var outside = Path.Combine(Daemon.RootDir, "secret.ts");
        await File.WriteAllBytesAsync(outside, [0x47, 1, 2, 3]);
        var link = Path.Combine(Path.GetDirectoryName(fixture.SmallPath)!, "escape.ts");
        if (!Path.Exists(link))
        {
            File.CreateSymbolicLink(link, outside);
        }

        string[] paths =
        [
            $"/pvr/{fixture.Nickname}/ch_{ZeroCopyDaemon.ChannelId}/escape.ts",
            $"/pvr/{fixture.Nickname}/ch_{ZeroCopyDaemon.ChannelId}/missing.ts",
            $"/pvr/{fixture.Nickname}/../secret.ts",
            $"/pvr/{fixture.Nickname}/ch_{ZeroCopyDaemon.ChannelId}/../../secret.ts",
            $"/pvr/{fixture.Nickname}/ch_{ZeroCopyDaemon.ChannelId}/..%2F..%2Fsecret.ts",
            $"/pvr/{fixture.Nickname}//secret.ts",
            $"/pvr/0BADF00D/ch_{ZeroCopyDaemon.ChannelId}/{Path.GetFileName(fixture.SmallPath)}",
        ];
        foreach (var path in paths)
        {
            await using var connection = await RawHttpConnection.OpenAsync(Daemon.HttpPort);
            await connection.SendAsync($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            var answer = await connection.ReadResponseAsync();
            Assert.True(answer.Status == 404, $"{path}: {answer.StatusLine}");
            Assert.Empty(answer.Body);
        }
    }

    [Fact]
    public async Task Keep_alive_pipelined_and_split_requests_then_the_same_connection_goes_to_kestrel()
    {
        var url = fixture.UrlOf(fixture.BigPath);
        var handOversBefore = CountHandOvers(4);
        await using var connection = await RawHttpConnection.OpenAsync(Daemon.HttpPort);

        // Three pipelined requests in one write: a range, the whole file, a suffix.
        await connection.SendAsync(
            $"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=4194000-4194999\r\n\r\n"
            + $"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            + $"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=-188\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        Assert.Equal(206, first.Status);
        Assert.Equal(fixture.Big.AsSpan(4194000, 1000).ToArray(), first.Body);
        var whole = await connection.ReadResponseAsync();
        Assert.Equal(200, whole.Status);
        Assert.True(fixture.Big.AsSpan().SequenceEqual(whole.Body), "the whole file differs");
        var last = await connection.ReadResponseAsync();
        Assert.Equal(fixture.Big.AsSpan(fixture.Big.Length - 188).ToArray(), last.Body);

        // A head in pieces, then one the fast path leaves to Kestrel in pieces (a conditional
        // request): Kestrel must get it whole and unconsumed after the fast path waited for more.
        await connection.SendAsync($"GET {url} HTTP/1.1\r\nHo");
        await Task.Delay(200);
        await connection.SendAsync("st: 127.0.0.1\r\nRange: bytes=0-187\r\n\r\n");
        Assert.Equal(fixture.Big.AsSpan(0, 188).ToArray(), (await connection.ReadResponseAsync()).Body);
        await connection.SendAsync($"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=188-375\r\n");
        await Task.Delay(200);
        await connection.SendAsync("If-None-Match: \"nothing\"\r\n\r\n");
        var handedOver = await connection.ReadResponseAsync();
        Assert.Equal(206, handedOver.Status);
        Assert.Equal(fixture.Big.AsSpan(188, 188).ToArray(), handedOver.Body);

        // Kestrel keeps the connection: another endpoint, and /pvr again.
        await connection.SendAsync(KestrelFirst);
        Assert.StartsWith("HTTP/1.1 ", (await connection.ReadResponseAsync()).StatusLine, StringComparison.Ordinal);
        await connection.SendAsync($"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=376-563\r\n\r\n");
        Assert.Equal(fixture.Big.AsSpan(376, 188).ToArray(), (await connection.ReadResponseAsync()).Body);

        // The daemon says the fast path answered the first four (log 7120 at debug level).
        Assert.True(await WaitAsync(() => CountHandOvers(4) > handOversBefore), "no 7120 hand-over after 4 answers in the log:\n" + Daemon.LogText);
    }

    [Fact]
    public async Task Http10_and_connection_close_end_the_connection_and_keep_alive_keeps_it()
    {
        var url = fixture.UrlOf(fixture.SmallPath);
        await using (var http10 = await RawHttpConnection.OpenAsync(Daemon.HttpPort))
        {
            await http10.SendAsync($"GET {url} HTTP/1.0\r\n\r\n");
            var answer = await http10.ReadResponseAsync();
            Assert.Equal("close", answer.Header("Connection"));
            Assert.Equal(fixture.Small, answer.Body);
            Assert.True(await http10.ClosedByServerAsync(), "HTTP/1.0 without keep-alive stayed open");
        }

        await using (var keepAlive = await RawHttpConnection.OpenAsync(Daemon.HttpPort))
        {
            await keepAlive.SendAsync($"GET {url} HTTP/1.0\r\nConnection: keep-alive\r\nRange: bytes=0-9\r\n\r\n");
            Assert.Equal("keep-alive", (await keepAlive.ReadResponseAsync()).Header("Connection"));
            await keepAlive.SendAsync($"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            var last = await keepAlive.ReadResponseAsync();
            Assert.Equal("close", last.Header("Connection"));
            Assert.Equal(fixture.Small, last.Body);
            Assert.True(await keepAlive.ClosedByServerAsync(), "Connection: close stayed open");
        }
    }

    [Fact]
    public async Task Bytes_and_sessions_are_accounted_per_channel()
    {
        var before = await MetricsAsync();
        await using var connection = await RawHttpConnection.OpenAsync(Daemon.HttpPort);
        await connection.SendAsync($"GET {fixture.UrlOf(fixture.BigPath)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        Assert.Equal(fixture.Big.Length, (await connection.ReadResponseAsync()).Body.Length);

        var channel = ("channel_id", ZeroCopyDaemon.ChannelId.ToString(CultureInfo.InvariantCulture));
        PrometheusExposition? after = null;
        Assert.True(await WaitAsync(async () =>
        {
            after = await MetricsAsync();
            return after.Value("micropvr_channel_sent_bytes_total", channel) - (before.Value("micropvr_channel_sent_bytes_total", channel) ?? 0) >= fixture.Big.Length;
        }), "the channel's bytes did not grow by the file size");
        Assert.True(after!.Value("micropvr_channel_sessions_total", channel) > (before.Value("micropvr_channel_sessions_total", channel) ?? 0));
        Assert.True(after.Value("micropvr_delivery_sent_bytes_total") - before.Value("micropvr_delivery_sent_bytes_total") >= fixture.Big.Length);
    }

    [Fact]
    public async Task A_stalled_reader_holds_the_file_open_and_hanging_up_closes_it_while_others_are_served()
    {
        var pid = Daemon.Process.Id;
        var stalled = await RawHttpConnection.OpenAsync(Daemon.HttpPort, receiveBuffer: 4096);
        try
        {
            await stalled.SendAsync($"GET {fixture.UrlOf(fixture.BigPath)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            using (var cts = new CancellationTokenSource(Patience))
            {
                Assert.NotEmpty(await stalled.ReadUpToAsync(1000, cts.Token));
            }

            Assert.True(await WaitAsync(() => OpenFiles(pid).Contains(fixture.BigPath)), "the stalled answer does not hold the file");

            // Nothing waits on the stalled client: another client is served meanwhile.
            await using (var other = await RawHttpConnection.OpenAsync(Daemon.HttpPort))
            {
                await other.SendAsync($"GET {fixture.UrlOf(fixture.SmallPath)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                Assert.Equal(fixture.Small, (await other.ReadResponseAsync()).Body);
            }
        }
        finally
        {
            stalled.Abort();
        }

        Assert.True(await WaitAsync(() => !OpenFiles(pid).Contains(fixture.BigPath)),
            "the file is still open after the client hung up: " + string.Join(", ", OpenFiles(pid)));
    }

    [Fact]
    public async Task A_record_that_shrinks_while_it_is_sent_ends_the_answer_cleanly()
    {
        var path = Path.Combine(Path.GetDirectoryName(fixture.BigPath)!, $"c{ZeroCopyDaemon.ChannelId}_t{DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60}_9.ts");
        await File.WriteAllBytesAsync(path, fixture.Big);
        await using var reader = await RawHttpConnection.OpenAsync(Daemon.HttpPort, receiveBuffer: 4096);
        await reader.SendAsync($"GET {fixture.UrlOf(path)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        using var cts = new CancellationTokenSource(Patience);
        var start = await reader.ReadUpToAsync(100, cts.Token);
        Assert.StartsWith("HTTP/1.1 200 OK", System.Text.Encoding.ASCII.GetString(start), StringComparison.Ordinal);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            file.SetLength(188 * 100);
        }

        // Whatever was already in the socket buffers arrives, then the daemon closes: fewer bytes than promised.
        var rest = await reader.ReadUpToAsync(fixture.Big.Length, cts.Token);
        Assert.True(start.Length + rest.Length < fixture.Big.Length, $"{start.Length + rest.Length} bytes: the whole file arrived");
        Assert.True(await WaitAsync(() => Daemon.LogText.Contains("(7121)", StringComparison.Ordinal) && Daemon.LogText.Contains(path, StringComparison.Ordinal)),
            "no 7121 for the shrunk record:\n" + Daemon.LogText);
        File.Delete(path);
    }

    private int CountHandOvers(int answers)
    {
        var needle = $"after {answers} zero-copy answers";
        return Daemon.LogText.Split('\n').Count(l => l.Contains("(7120)", StringComparison.Ordinal) && l.Contains(needle, StringComparison.Ordinal));
    }

    private async Task<PrometheusExposition> MetricsAsync()
    {
        using var http = new HttpClient { BaseAddress = Daemon.HttpBase, Timeout = Patience };
        return PrometheusExposition.Parse(await http.GetStringAsync("metrics"));
    }

    /// <summary>The body a 200/206 answer must carry, from its Content-Range.</summary>
    private static byte[] Slice(byte[] file, RawHttpResponse answer)
    {
        if (answer.Header("Content-Range") is not { } range)
        {
            return file;
        }

        var span = range["bytes ".Length..range.IndexOf('/', StringComparison.Ordinal)].Split('-');
        var first = int.Parse(span[0], CultureInfo.InvariantCulture);
        return file.AsSpan(first, int.Parse(span[1], CultureInfo.InvariantCulture) - first + 1).ToArray();
    }

    /// <summary>Files the daemon holds open (targets of /proc/&lt;pid&gt;/fd).</summary>
    private static HashSet<string> OpenFiles(int pid)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target)
                {
                    files.Add(target);
                }
            }
            catch (IOException)
            {
                // closed between the listing and the read
            }
        }

        return files;
    }

    private static Task<bool> WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }
}
