namespace MicroPvr.Core.Monitoring;

/// <summary>
/// One evaluation of the load score (compat spec §5). IsAlive is false when any partial exceeds
/// 8.0 or Score exceeds score-max-score.
/// </summary>
public sealed record LoadScore
{
    public required bool IsAlive { get; init; }
    /// <summary>Sum of the three partial scores.</summary>
    public required double Score { get; init; }
    /// <summary>max(current incoming TCP sessions, content requests in the window).</summary>
    public required int SessionCount { get; init; }
    public double NetScore { get; init; }
    public double SessionScore { get; init; }
    public double CpuScore { get; init; }
    /// <summary>Measured outgoing traffic behind NetScore.</summary>
    public double NetMbitPerSecond { get; init; }
    /// <summary>Host LA1 behind CpuScore (0 when unknown).</summary>
    public double LoadAverage1 { get; init; }
}
