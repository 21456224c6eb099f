using MicroPvr.Core.Configuration;

namespace MicroPvr.Core.Monitoring;

/// <summary>
/// compat spec §5: score = sum of (N / N_max) * 10 over outgoing Mbit/s, sessions and LA1, a
/// partial being 0 when its ceiling is -1; is_alive is false when any partial exceeds 8.0
/// (80 % of its ceiling) or the score exceeds score-max-score.
/// </summary>
public sealed class LoadScoreCalculator : ILoadScore
{
    /// <summary>A partial above this (80 % of its ceiling) makes the server not alive.</summary>
    public const double PartialLimit = 8.0;

    private readonly RequestStatistics _statistics;
    private readonly IHostLoad _hostLoad;
    private readonly Func<MicroPvrOptions> _options;

    public LoadScoreCalculator(RequestStatistics statistics, IHostLoad hostLoad, Func<MicroPvrOptions> options)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(hostLoad);
        ArgumentNullException.ThrowIfNull(options);
        _statistics = statistics;
        _hostLoad = hostLoad;
        _options = options;
    }

    public LoadScore GetLoadScore()
    {
        var o = _options();
        var mbit = _statistics.OutgoingBitsPerSecond / 1_000_000.0;
        var sessions = Math.Max(_statistics.ActiveSessions, _statistics.GetCounters().Overall);
        var la1 = _hostLoad.LoadAverage1() ?? 0;

        var net = Partial(mbit, o.ScoreMaxNetLoadMbit);
        var ses = Partial(sessions, o.ScoreMaxSessions);
        var cpu = Partial(la1, o.ScoreMaxCpuLa1);
        var score = net + ses + cpu;
        return new LoadScore
        {
            IsAlive = net <= PartialLimit && ses <= PartialLimit && cpu <= PartialLimit && score <= o.ScoreMaxScore,
            Score = score,
            SessionCount = sessions,
            NetScore = net,
            SessionScore = ses,
            CpuScore = cpu,
            NetMbitPerSecond = mbit,
            LoadAverage1 = la1,
        };
    }

    /// <summary>(N / N_max) * 10; a ceiling of -1 (or 0) means "not counted" (compat spec §4, §5).</summary>
    public static double Partial(double value, double max) => max <= 0 ? 0 : value / max * 10.0;
}
