using MicroPvr.Core.Catalog;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>Interval arithmetic over record files: union of covered time, clipping, complement.</summary>
internal static class RecordedRanges
{
    /// <summary>
    /// Joins touching ranges: a gap shorter than this is the rounding of whole-second times, not a
    /// hole in the archive.
    /// </summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    public static List<(DateTimeOffset From, DateTimeOffset To)> Merge(IEnumerable<RecordFile> records, DateTimeOffset now)
    {
        var spans = new List<(DateTimeOffset From, DateTimeOffset To)>();
        foreach (var record in records)
        {
            var stop = record.Stop ?? (record.IsWriting ? now : record.Start);
            if (stop > record.Start)
            {
                spans.Add((record.Start, stop));
            }
        }

        spans.Sort(static (a, b) => a.From.CompareTo(b.From));
        var merged = new List<(DateTimeOffset From, DateTimeOffset To)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.From <= merged[^1].To + Tolerance)
            {
                var last = merged[^1];
                merged[^1] = (last.From, span.To > last.To ? span.To : last.To);
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    public static List<(DateTimeOffset From, DateTimeOffset To)> Clip(List<(DateTimeOffset From, DateTimeOffset To)> ranges, DateTimeOffset from, DateTimeOffset to)
    {
        var clipped = new List<(DateTimeOffset From, DateTimeOffset To)>();
        foreach (var (start, stop) in ranges)
        {
            var a = start > from ? start : from;
            var b = stop < to ? stop : to;
            if (b > a)
            {
                clipped.Add((a, b));
            }
        }

        return clipped;
    }

    /// <summary>The parts of [from, to] not covered by the (sorted, disjoint) ranges.</summary>
    public static List<(DateTimeOffset From, DateTimeOffset To)> Complement(List<(DateTimeOffset From, DateTimeOffset To)> ranges, DateTimeOffset from, DateTimeOffset to)
    {
        var gaps = new List<(DateTimeOffset From, DateTimeOffset To)>();
        var cursor = from;
        foreach (var (start, stop) in ranges)
        {
            if (start - cursor > Tolerance)
            {
                gaps.Add((cursor, start));
            }

            cursor = stop > cursor ? stop : cursor;
        }

        if (to - cursor > Tolerance)
        {
            gaps.Add((cursor, to));
        }

        return gaps;
    }
}
