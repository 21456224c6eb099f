using MicroPvr.Core.Catalog;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// The sliding live window of a channel (<c>/CH/index.m3u8</c>) from the catalog and the
/// keyframe indexes, numbered by <see cref="LiveSegmentGrid"/>.
/// </summary>
public sealed class LiveWindowPlanner
{
    private readonly ICatalog _catalog;
    private readonly RecordIndexCache _indexes;
    private readonly TimeProvider _time;

    public LiveWindowPlanner(ICatalog catalog, RecordIndexCache indexes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(indexes);
        ArgumentNullException.ThrowIfNull(time);
        _catalog = catalog;
        _indexes = indexes;
        _time = time;
    }

    /// <summary>The live window of <paramref name="channelId"/> now, or null when no whole segment is recorded.</summary>
    public async ValueTask<LiveWindow?> PlanAsync(int channelId, TimeSpan maxSegment, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        var slotMs = LiveSegmentGrid.SlotMilliseconds(maxSegment);
        // Everything the grid may look at: the window, the slot before it, back to the hour's start.
        var from = now - TimeSpan.FromMilliseconds(((LiveSegmentGrid.WindowSegments + 2) * slotMs) + LiveSegmentGrid.DiscontinuityPeriodMilliseconds);
        var records = await _catalog.FindRecordsAsync(channelId, from, now, ct);
        var ordered = new List<RecordFile>(records);
        // Lower priority number wins (compat spec §2); among equal copies the older file, which
        // keeps the window in the file it is already playing through an overlap.
        ordered.Sort((a, b) =>
        {
            var p = a.Priority.CompareTo(b.Priority);
            return p != 0 ? p : a.Start.CompareTo(b.Start);
        });
        var candidates = new List<LiveCandidate>(ordered.Count);
        foreach (var r in ordered)
        {
            candidates.Add(new LiveCandidate(r, _indexes.Get(r)));
        }

        return LiveSegmentGrid.Plan(candidates, now.ToUnixTimeMilliseconds(), slotMs);
    }
}
