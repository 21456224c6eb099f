namespace MicroPvr.Core.Delivery;

/// <summary>
/// (channel, time) → (file, byte offset of the keyframe at or before the time) in the
/// highest-priority copy that covers it, or a forced priority (compat spec §2). Index lookups are
/// a binary search over cached readers (<see cref="RecordIndexCache"/>), so the cost after the
/// first request for a file is one catalog query plus microseconds.
/// </summary>
public sealed class ArchiveLocator : IArchiveLocator
{
    private readonly ArchiveTimeline _timeline;

    public ArchiveLocator(ArchiveTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        _timeline = timeline;
    }

    public async ValueTask<ArchivePosition?> LocateAsync(int channelId, DateTimeOffset at, int? priority = null, CancellationToken ct = default)
    {
        var span = await _timeline.StartAsync(channelId, at, priority, ct);
        return span is null ? null : new ArchivePosition(span.Record, span.StartOffset, span.First.Utc);
    }
}
