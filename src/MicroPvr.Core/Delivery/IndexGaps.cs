using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// The holes the recorder marked inside one record file (docs/recording-format.md): an index entry
/// flagged Gap (data missing before it: source silence, a failed disk write) or Discontinuity
/// (source restart, reconnect) that comes more than two keyframe intervals after the previous
/// entry. The hole starts one keyframe interval after the previous keyframe (that GOP was
/// received) and ends at the flagged keyframe: the same rule ArchiveTimeline uses to skip a
/// recorded gap when serving, so what we call a gap is exactly what playback jumps over.
/// </summary>
public static class IndexGaps
{
    private const IndexEntryFlags HoleFlags = IndexEntryFlags.Gap | IndexEntryFlags.Discontinuity;

    /// <summary>
    /// The marked holes of <paramref name="index"/> that overlap [<paramref name="from"/>,
    /// <paramref name="to"/>], in time order. Only the entries in the window are read.
    /// </summary>
    public static List<TimeRange> Find(KeyframeIndexReader index, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(index);
        var holes = new List<TimeRange>();
        var count = index.Count;
        if (count < 2)
        {
            return holes;
        }

        // The first entry that can end a hole overlapping the window is the first one at or after
        // 'from'; the last one is the first at or after 'to' (its hole may begin before 'to').
        var first = index.FindAtOrAfter(from.ToUnixTimeMilliseconds());
        if (first < 0)
        {
            return holes;
        }

        var last = index.FindAtOrAfter(to.ToUnixTimeMilliseconds());
        if (last < 0)
        {
            last = count - 1;
        }

        for (var j = Math.Max(first, 1); j <= last; j++)
        {
            var entry = index[j];
            if ((entry.Flags & HoleFlags) == 0)
            {
                continue;
            }

            var previous = index[j - 1].UtcMilliseconds;
            var gop = RecordSeam.GopMilliseconds(index, j - 1);
            if (entry.UtcMilliseconds - previous > 2 * gop)
            {
                holes.Add(new TimeRange(
                    DateTimeOffset.FromUnixTimeMilliseconds(previous + gop),
                    DateTimeOffset.FromUnixTimeMilliseconds(entry.UtcMilliseconds)));
            }
        }

        return holes;
    }
}
