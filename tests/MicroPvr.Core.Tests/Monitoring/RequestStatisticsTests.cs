using MicroPvr.Core.Monitoring;

namespace MicroPvr.Core.Tests.Monitoring;

public class RequestStatisticsTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private RequestStatistics Create(int windowSeconds = 60) => new(_clock, () => TimeSpan.FromSeconds(windowSeconds));

    [Fact]
    public void Counters_cover_only_the_window()
    {
        var stats = Create();
        stats.RecordRequest(3, "a", successful: true, nearEnd: true);
        _clock.Advance(TimeSpan.FromSeconds(30));
        stats.RecordRequest(3, "b", successful: false, nearEnd: false);
        stats.RecordRequest(4, null, successful: true, nearEnd: false);
        Assert.Equal(new RequestCounters(3, 1, 2), stats.GetCounters());

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(new RequestCounters(2, 0, 1), stats.GetCounters());

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new RequestCounters(0, 0, 0), stats.GetCounters());
        Assert.Equal(3, stats.TotalRequests);
        Assert.Equal(2, stats.TotalSuccessfulRequests);
    }

    [Fact]
    public void Channel_counter_is_distinct_non_empty_aids_in_the_window()
    {
        var stats = Create();
        stats.RecordRequest(3, "alice", true, false);
        stats.RecordRequest(3, "alice", true, false);
        stats.RecordRequest(3, "", true, false);
        stats.RecordRequest(3, null, true, false);
        stats.RecordRequest(3, "bob", false, false);
        stats.RecordRequest(5, "carol", true, false);

        Assert.Equal(2, stats.GetChannelClientCount(3));
        Assert.Equal(1, stats.GetChannelClientCount(5));
        Assert.Equal(0, stats.GetChannelClientCount(6));
        Assert.Equal(5, stats.GetRequestsPerChannel()[3]);

        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, stats.GetChannelClientCount(3));
    }

    [Fact]
    public void Near_end_is_within_180_seconds_of_now()
    {
        var stats = Create();
        var now = _clock.GetUtcNow();
        Assert.True(stats.IsNearEnd(now.AddSeconds(-180)));
        Assert.True(stats.IsNearEnd(now));
        Assert.False(stats.IsNearEnd(now.AddSeconds(-181)));
    }

    [Fact]
    public void Sessions_are_counted_until_disposed_once()
    {
        var stats = Create();
        var a = stats.BeginSession();
        var b = stats.BeginSession();
        Assert.Equal(2, stats.ActiveSessions);
        a.Dispose();
        a.Dispose();
        Assert.Equal(1, stats.ActiveSessions);
        b.Dispose();
        Assert.Equal(0, stats.ActiveSessions);
    }

    [Fact]
    public void Window_follows_the_configuration()
    {
        var window = 60;
        var stats = new RequestStatistics(_clock, () => TimeSpan.FromSeconds(window));
        stats.RecordRequest(1, "x", true, false);
        _clock.Advance(TimeSpan.FromSeconds(20));
        window = 10;
        Assert.Equal(0, stats.GetCounters().Overall);
    }

    [Fact]
    public void Throughput_is_the_average_of_complete_seconds()
    {
        var meter = new ThroughputMeter(_clock, windowSeconds: 10);
        for (var s = 0; s < 10; s++)
        {
            meter.Add(1_250_000); // 10 Mbit in this second
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        meter.Add(999_999_999); // the current second is still filling: not counted yet
        Assert.Equal(10_000_000, meter.BitsPerSecond(), 3);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, meter.BitsPerSecond());
        Assert.Equal(12_500_000 + 999_999_999, meter.TotalBytes);
    }

    [Fact]
    public void Concurrent_adds_lose_nothing()
    {
        var meter = new ThroughputMeter(_clock);
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                meter.Add(188);
            }
        });
        Assert.Equal(8L * 10_000 * 188, meter.TotalBytes);
    }
}
