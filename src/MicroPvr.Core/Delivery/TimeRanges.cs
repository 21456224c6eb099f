namespace MicroPvr.Core.Delivery;

/// <summary>Interval arithmetic on archive time: union, clipping, complement, subtraction.</summary>
public static class TimeRanges
{
    /// <summary>
    /// Two ranges closer than this are one: record times are whole seconds (compat spec §2 file
    /// names), so a sub-second hole between files is rounding, not missing data.
    /// </summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    /// <summary>The sorted union of the ranges; touching or overlapping ranges (within <see cref="Tolerance"/>) become one.</summary>
    public static List<TimeRange> Union(IEnumerable<TimeRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var spans = new List<TimeRange>();
        foreach (var range in ranges)
        {
            if (range.To > range.From)
            {
                spans.Add(range);
            }
        }

        spans.Sort(static (a, b) => a.From.CompareTo(b.From));
        var merged = new List<TimeRange>(spans.Count);
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.From <= merged[^1].To + Tolerance)
            {
                var last = merged[^1];
                merged[^1] = last with { To = span.To > last.To ? span.To : last.To };
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    /// <summary>The parts of the (sorted) ranges inside [from, to].</summary>
    public static List<TimeRange> Clip(IReadOnlyList<TimeRange> ranges, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var clipped = new List<TimeRange>();
        foreach (var range in ranges)
        {
            var a = range.From > from ? range.From : from;
            var b = range.To < to ? range.To : to;
            if (b > a)
            {
                clipped.Add(new TimeRange(a, b));
            }
        }

        return clipped;
    }

    /// <summary>The parts of [from, to] not covered by the sorted, disjoint ranges (holes within <see cref="Tolerance"/> ignored).</summary>
    public static List<TimeRange> Complement(IReadOnlyList<TimeRange> ranges, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var gaps = new List<TimeRange>();
        var cursor = from;
        foreach (var range in ranges)
        {
            if (range.From - cursor > Tolerance)
            {
                gaps.Add(new TimeRange(cursor, range.From < to ? range.From : to));
            }

            cursor = range.To > cursor ? range.To : cursor;
            if (cursor >= to)
            {
                return gaps;
            }
        }

        if (to - cursor > Tolerance)
        {
            gaps.Add(new TimeRange(cursor, to));
        }

        return gaps;
    }

    /// <summary><paramref name="range"/> minus the sorted, disjoint <paramref name="holes"/>.</summary>
    public static List<TimeRange> Subtract(TimeRange range, IReadOnlyList<TimeRange> holes)
    {
        ArgumentNullException.ThrowIfNull(holes);
        var parts = new List<TimeRange>();
        var cursor = range.From;
        foreach (var hole in holes)
        {
            if (hole.To <= cursor || hole.From >= range.To)
            {
                continue;
            }

            if (hole.From > cursor)
            {
                parts.Add(new TimeRange(cursor, hole.From));
            }

            cursor = hole.To;
            if (cursor >= range.To)
            {
                return parts;
            }
        }

        parts.Add(new TimeRange(cursor, range.To));
        return parts;
    }
}
