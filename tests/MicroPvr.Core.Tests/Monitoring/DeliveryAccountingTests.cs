using MicroPvr.Core.Monitoring;

namespace MicroPvr.Core.Tests.Monitoring;

/// <summary>The accounting API delivery endpoints call: one call per request, one per write.</summary>
public sealed class DeliveryAccountingTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private RequestStatistics Create() => new(_clock, () => TimeSpan.FromSeconds(60));

    [Fact]
    public void A_served_content_request_is_counted_once_with_its_aid_and_holds_a_session_until_disposed()
    {
        var stats = Create();
        var session = stats.BeginContentRequest(3, "alice", _clock.GetUtcNow().AddSeconds(-100));

        Assert.Equal(new RequestCounters(1, 1, 1), stats.GetCounters());
        Assert.Equal(1, stats.GetChannelClientCount(3));
        Assert.Equal(1, stats.ActiveSessions);
        Assert.Equal(3, session.ChannelId);

        session.Dispose();
        session.Dispose();
        Assert.Equal(0, stats.ActiveSessions);
        Assert.Equal(1, stats.TotalSessions);
    }

    [Fact]
    public void Near_end_follows_the_requested_time_and_live_edge_requests_are_near_end()
    {
        var stats = Create();
        stats.BeginContentRequest(3, null, _clock.GetUtcNow().AddHours(-2)).Dispose();
        stats.BeginContentRequest(3, null, null).Dispose();
        stats.RecordRequest(3, "bob", successful: false, nearEnd: false);

        Assert.Equal(new RequestCounters(3, 1, 2), stats.GetCounters());
        Assert.Equal(1, stats.GetChannelClientCount(3)); // a refused request's aid counts too (it asked for the channel)
    }

    [Fact]
    public void Bytes_go_to_the_channel_the_totals_and_the_throughput()
    {
        var stats = Create();
        using (var a = stats.BeginContentRequest(3, "alice", null))
        using (var b = stats.BeginTransfer(5))
        using (var c = stats.BeginTransfer(null))
        {
            a.AddBytes(1000);
            a.AddBytes(0);
            a.AddBytes(-5);
            b.AddBytes(500);
            c.AddBytes(7);
            Assert.Equal(1000, a.BytesSent);
        }

        var traffic = stats.GetChannelTraffic();
        Assert.Equal([3, 5], traffic.Select(t => t.ChannelId));
        Assert.Equal([1000L, 500L], traffic.Select(t => t.BytesSent));
        Assert.Equal([1L, 1L], traffic.Select(t => t.Sessions));
        Assert.Equal(1507, stats.TotalBytesSent);
        // Transfers are sessions, not content requests.
        Assert.Equal(1, stats.TotalRequests);
        Assert.Equal(3, stats.TotalSessions);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1507 * 8 / 10.0, stats.OutgoingBitsPerSecond, 3);
    }

    [Fact]
    public async Task A_wrapped_stream_counts_every_kind_of_write_and_passes_the_bytes_through()
    {
        var stats = Create();
        using var sink = new MemoryStream();
        using var session = stats.BeginContentRequest(9, "x", null);
        await using (var body = session.Wrap(sink))
        {
            body.Write([1, 2, 3], 0, 3);
            body.Write((ReadOnlySpan<byte>)[4, 5]);
            await body.WriteAsync(new byte[] { 6, 7, 8, 9 }.AsMemory());
#pragma warning disable CA1835 // the array overload is what older callers use: it must be counted too
            await body.WriteAsync(new byte[] { 0, 10, 0 }, 1, 1);
#pragma warning restore CA1835
            await body.FlushAsync();
            Assert.False(body.CanRead);
            Assert.Throws<NotSupportedException>(() => body.Length);
        }

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, sink.ToArray());
        Assert.True(sink.CanWrite, "disposing the wrapper must leave the response body open");
        Assert.Equal(10, session.BytesSent);
        Assert.Equal(10, stats.GetChannelTraffic()[0].BytesSent);
    }

    [Fact]
    public void Concurrent_sessions_lose_no_bytes_and_end_at_zero()
    {
        var stats = Create();
        Parallel.For(0, 8, i =>
        {
            using var s = stats.BeginContentRequest(1 + (i % 2), "a" + i, null);
            for (var n = 0; n < 10_000; n++)
            {
                s.AddBytes(188);
            }
        });

        Assert.Equal(0, stats.ActiveSessions);
        Assert.Equal(8L * 10_000 * 188, stats.TotalBytesSent);
        Assert.Equal(4L * 10_000 * 188, stats.GetChannelTraffic()[0].BytesSent);
        Assert.Equal(4, stats.GetChannelClientCount(1));
    }
}
