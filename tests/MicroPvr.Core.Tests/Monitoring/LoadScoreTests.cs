using MicroPvr.Core.Configuration;
using MicroPvr.Core.Monitoring;

namespace MicroPvr.Core.Tests.Monitoring;

public class LoadScoreTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly MicroPvrOptions _options = new();
    private double? _la1 = 0.25;

    private sealed class FixedLoad(Func<double?> value) : IHostLoad
    {
        public double? LoadAverage1() => value();
    }

    private (RequestStatistics Stats, LoadScoreCalculator Score) Create()
    {
        var stats = new RequestStatistics(_clock, () => TimeSpan.FromSeconds(60));
        return (stats, new LoadScoreCalculator(stats, new FixedLoad(() => _la1), () => _options));
    }

    private void Send(RequestStatistics stats, double mbitPerSecond)
    {
        for (var s = 0; s < 10; s++)
        {
            stats.AddBytesSent((long)(mbitPerSecond * 1_000_000 / 8));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void Idle_server_scores_only_its_load_average()
    {
        var (_, score) = Create();
        var s = score.GetLoadScore();
        Assert.Equal(0, s.NetScore);
        Assert.Equal(0, s.SessionScore);
        Assert.Equal(2.5, s.CpuScore, 6);
        Assert.Equal(2.5, s.Score, 6);
        Assert.True(s.IsAlive);
    }

    [Fact]
    public void Partials_are_value_over_ceiling_times_ten()
    {
        _options.ScoreMaxNetLoadMbit = 700;
        _options.ScoreMaxSessions = 100;
        _options.ScoreMaxCpuLa1 = 2.0;
        _la1 = 1.0;
        var (stats, score) = Create();
        Send(stats, 350);
        for (var i = 0; i < 20; i++)
        {
            stats.RecordRequest(1, "a" + i, true, false);
        }

        var s = score.GetLoadScore();
        Assert.Equal(350, s.NetMbitPerSecond, 3);
        Assert.Equal(5.0, s.NetScore, 3);
        Assert.Equal(20, s.SessionCount);
        Assert.Equal(2.0, s.SessionScore, 6);
        Assert.Equal(5.0, s.CpuScore, 6);
        Assert.Equal(12.0, s.Score, 3);
        Assert.True(s.IsAlive);
    }

    [Fact]
    public void Sessions_are_the_larger_of_open_streams_and_requests_in_window()
    {
        _options.ScoreMaxSessions = 10;
        var (stats, score) = Create();
        stats.RecordRequest(1, "a", true, false);
        var open = Enumerable.Range(0, 4).Select(_ => stats.BeginSession()).ToList();
        Assert.Equal(4, score.GetLoadScore().SessionCount);
        open.ForEach(o => o.Dispose());
        Assert.Equal(1, score.GetLoadScore().SessionCount);
    }

    [Fact]
    public void Any_partial_above_eighty_percent_is_not_alive()
    {
        _options.ScoreMaxCpuLa1 = 1.0;
        _la1 = 0.81;
        var (_, score) = Create();
        var s = score.GetLoadScore();
        Assert.True(s.Score < _options.ScoreMaxScore);
        Assert.False(s.IsAlive);
    }

    [Fact]
    public void Total_above_max_score_is_not_alive()
    {
        _options.ScoreMaxScore = 10;
        _options.ScoreMaxNetLoadMbit = 100;
        _options.ScoreMaxCpuLa1 = 1;
        _la1 = 0.7;
        var (stats, score) = Create();
        Send(stats, 70);
        var s = score.GetLoadScore();
        Assert.Equal(14.0, s.Score, 3);
        Assert.False(s.IsAlive);
    }

    [Fact]
    public void A_ceiling_of_minus_one_is_not_counted()
    {
        _options.ScoreMaxNetLoadMbit = -1;
        _options.ScoreMaxSessions = -1;
        _options.ScoreMaxCpuLa1 = -1;
        _la1 = 50;
        var (stats, score) = Create();
        Send(stats, 10_000);
        var s = score.GetLoadScore();
        Assert.Equal(0, s.Score);
        Assert.True(s.IsAlive);
    }

    [Theory]
    [InlineData("0.52 0.58 0.59 1/467 12345\n", 0.52)]
    [InlineData("12.00 1 1 1/1 1", 12.0)]
    [InlineData("garbage", null)]
    [InlineData("", null)]
    public void Loadavg_first_field_is_la1(string text, double? expected)
    {
        Assert.Equal(expected, ProcLoadAverage.Parse(text));
    }

    [Fact]
    public void Real_proc_loadavg_is_readable_on_linux()
    {
        var la1 = new ProcLoadAverage().LoadAverage1();
        Assert.True(!OperatingSystem.IsLinux() || la1 is >= 0);
    }

    [Fact]
    public void Missing_loadavg_file_gives_null()
    {
        Assert.Null(new ProcLoadAverage("/nonexistent/loadavg").LoadAverage1());
    }
}
