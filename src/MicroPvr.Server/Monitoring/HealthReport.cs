namespace MicroPvr.Server.Monitoring;

/// <summary>The outcome of one health evaluation (docs/monitoring.md "/healthz").</summary>
public sealed record HealthReport
{
    public required DateTimeOffset CheckedAt { get; init; }
    public required bool CatalogUp { get; init; }
    /// <summary>Record locations of the current tasks → null when writable, else why not.</summary>
    public required IReadOnlyDictionary<string, string?> Locations { get; init; }
    public required int Tasks { get; init; }
    /// <summary>Tasks whose recorder is writing.</summary>
    public required int Recording { get; init; }
    /// <summary>Reasons for 503; empty when healthy.</summary>
    public required IReadOnlyList<HealthProblem> Problems { get; init; }
    /// <summary>Worth a look, but the daemon still works (e.g. a silent source): no 503.</summary>
    public required IReadOnlyList<HealthProblem> Warnings { get; init; }

    public bool Healthy => Problems.Count == 0;
}
