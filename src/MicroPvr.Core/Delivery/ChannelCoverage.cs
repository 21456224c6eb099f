namespace MicroPvr.Core.Delivery;

/// <summary>
/// What the archive holds of one channel over a window: the recorded ranges (any copy) and the
/// gaps between them, both sorted, disjoint and inside [From, To].
/// </summary>
public sealed record ChannelCoverage(int ChannelId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TimeRange> Ranges, IReadOnlyList<TimeRange> Gaps);
