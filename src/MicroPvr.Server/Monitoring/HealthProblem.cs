namespace MicroPvr.Server.Monitoring;

/// <summary>One reason for /healthz to answer 503 (or a warning that does not).</summary>
/// <param name="Check"><c>catalog</c>, <c>record-location</c>, <c>task</c> or <c>source</c>.</param>
/// <param name="Subject">What failed: a path, a task id; empty for the catalog.</param>
/// <param name="Detail">Why, in words an operator can act on.</param>
public sealed record HealthProblem(string Check, string Subject, string Detail)
{
    public override string ToString() => Subject.Length == 0 ? $"{Check}: {Detail}" : $"{Check} {Subject}: {Detail}";
}
