namespace MicroPvr.Core.Delivery;

/// <summary>
/// Plans the segments of a time window of one channel across records: the seams, gaps and copies
/// come from <see cref="ArchiveTimeline"/>, the cuts from <see cref="SegmentPlanner"/>.
/// </summary>
public sealed class ArchiveWindowPlanner
{
    /// <summary>A window never walks more records than this (a guard against a looping catalog).</summary>
    private const int MaxSpans = 10_000;

    private readonly ArchiveTimeline _timeline;

    public ArchiveWindowPlanner(ArchiveTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        _timeline = timeline;
    }

    /// <summary>
    /// Segments from the keyframe at or before <paramref name="from"/> whose start is before
    /// <paramref name="to"/> (null: open-ended, up to the live edge).
    /// </summary>
    public async ValueTask<PlannedWindow> PlanAsync(int channelId, DateTimeOffset from, DateTimeOffset? to, int? priority, TimeSpan maxSegment, CancellationToken ct = default)
    {
        var segments = new List<PlannedSegment>();
        var now = _timeline.Time.GetUtcNow();
        var windowEndMs = (to ?? DateTimeOffset.MaxValue.AddDays(-1)).ToUnixTimeMilliseconds();
        var maxMs = Math.Max(1, (long)maxSegment.TotalMilliseconds);
        var span = await _timeline.StartAsync(channelId, from, priority, ct);
        for (var n = 0; span is not null && n < MaxSpans; n++)
        {
            var record = span.Record;
            var index = span.Index;
            if (record.IsWriting)
            {
                return AppendGrowing(segments, span, windowEndMs, maxMs);
            }

            var handover = await _timeline.HandoverAsync(span, span.StartOffset, priority, ct);
            if (handover.NextNotIndexedYet)
            {
                // Finished, but the next run recording beside it has not indexed the seam yet: where
                // this record's last segment ends is not known, so it is held back exactly as while
                // the record was growing. Every plan is then a prefix of every later one (RFC 8216
                // §6.2.1), whichever way the seam is decided once the next index catches up.
                return AppendGrowing(segments, span, windowEndMs, maxMs);
            }

            SpanEnd end;
            if (handover.StopOffset is { } stop)
            {
                var stopEntry = index.FindByOffsetAtOrBefore(stop);
                end = new SpanEnd(stop, index[stopEntry].UtcMilliseconds, Live: false);
            }
            else
            {
                end = new SpanEnd(FileLength(record.Path, record.SizeBytes), record.Stop?.ToUnixTimeMilliseconds() ?? 0, Live: false);
            }

            if (SegmentPlanner.Append(segments, span, end, windowEndMs, maxMs))
            {
                return new PlannedWindow(segments, Complete: true);
            }

            span = handover.Next;
        }

        // The archive ends before the window does: final once the window is over.
        return new PlannedWindow(segments, Complete: to is { } end2 && end2 <= now);
    }

    /// <summary>
    /// A span whose end is still open: planned to its newest keyframe, the segment that keyframe
    /// closes last published only once a later keyframe shows where it ends.
    /// </summary>
    private static PlannedWindow AppendGrowing(List<PlannedSegment> segments, ArchiveSpan span, long windowEndMs, long maxMs)
    {
        var last = span.Index[span.Index.Count - 1];
        var reached = SegmentPlanner.Append(segments, span, new SpanEnd(last.ByteOffset, last.UtcMilliseconds, Live: true), windowEndMs, maxMs);
        return new PlannedWindow(segments, Complete: reached);
    }

    private static long FileLength(string path, long known)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return known;
        }
        catch (UnauthorizedAccessException)
        {
            return known;
        }
    }
}
