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
                var last = index[index.Count - 1];
                var reached = SegmentPlanner.Append(segments, span, new SpanEnd(last.ByteOffset, last.UtcMilliseconds, Live: true), windowEndMs, maxMs);
                return new PlannedWindow(segments, Complete: reached);
            }

            var handover = await _timeline.HandoverAsync(span, span.StartOffset, priority, ct);
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
