namespace MicroPvr.Core.Delivery;

/// <summary>A half-open UTC interval [From, To) of archive time.</summary>
public readonly record struct TimeRange(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;

    /// <summary>True when the two intervals share some time (touching ends do not overlap).</summary>
    public bool Overlaps(TimeRange other) => From < other.To && other.From < To;
}
