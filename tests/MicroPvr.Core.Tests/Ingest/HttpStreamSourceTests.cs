using MicroPvr.Core.Ingest;
using MicroPvr.Core.Ingest.Http;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Ingest;

public sealed class HttpStreamSourceTests
{
    private static readonly IngestOptions Fast = new()
    {
        SilenceTimeout = TimeSpan.FromSeconds(2),
        ReconnectDelayMin = TimeSpan.FromMilliseconds(50),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task Streams_the_body_and_reconnects_when_the_server_closes()
    {
        var fixture = await File.ReadAllBytesAsync(Fixtures.H264Aac);
        await using var server = new MiniHttpServer();
        server.Streams["/live.ts"] = async (stream, ct) =>
        {
            // Chunked-ish delivery in odd sizes, then the server ends the response.
            for (var i = 0; i < fixture.Length; i += 10_000)
            {
                await stream.WriteAsync(fixture.AsMemory(i, Math.Min(10_000, fixture.Length - i)), ct);
            }
        };
        var source = (HttpStreamSource)new StreamSourceFactory(Fast).Create(server.BaseUrl + "/live.ts");
        var sink = new CollectingSink();
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(sink, cts.Token);

        Assert.True(await CollectingSink.WaitUntilAsync(() => sink.Length >= 2L * fixture.Length && sink.Events.Count >= 1));

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var data = sink.ToArray();
        Assert.Equal(fixture, data[..fixture.Length]);
        Assert.True(source.Connections >= 2);
        Assert.Contains(StreamSourceEvent.Restarted, sink.Events);
    }

    [Fact]
    public async Task A_stalled_server_is_dropped_and_an_error_status_retried()
    {
        await using var server = new MiniHttpServer();
        var attempts = 0;
        server.Streams["/stall.ts"] = async (stream, ct) =>
        {
            Interlocked.Increment(ref attempts);
            await stream.WriteAsync(new byte[188 * 10], ct);
            await Task.Delay(Timeout.Infinite, ct); // never another byte
        };
        var source = new StreamSourceFactory(Fast).Create(server.BaseUrl + "/stall.ts");
        var sink = new CollectingSink();
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(sink, cts.Token);

        Assert.True(await CollectingSink.WaitUntilAsync(() => Volatile.Read(ref attempts) >= 2, TimeSpan.FromSeconds(60)));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var missing = new StreamSourceFactory(Fast).Create(server.BaseUrl + "/missing.ts");
        using var cts2 = new CancellationTokenSource();
        var run2 = missing.RunAsync(new CollectingSink(), cts2.Token);
        Assert.True(await CollectingSink.WaitUntilAsync(() => server.Requests.Count(r => r == "/missing.ts") >= 3));
        await cts2.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run2);
    }
}
