using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Where to continue in the next record so that no second is sent twice or skipped across the
/// 80-second overlap of consecutive daily files (compat spec §3): both files were written from
/// one ingest, so the same keyframe appears in both with the same PTS. We continue at the first
/// keyframe of the next file that comes after the last keyframe already sent.
/// </summary>
public static class RecordSeam
{
    /// <summary>How far apart the two files' wall-clock times of one frame may be.</summary>
    private const long PtsMatchWindowMs = 5_000;

    /// <summary>
    /// Index of the first entry of <paramref name="next"/> after keyframe <paramref name="lastSent"/>
    /// (matched by PTS when both carry it, else by time with half a GOP of tolerance), or -1
    /// when the next file has no such entry yet.
    /// </summary>
    /// <param name="next">The next record's index.</param>
    /// <param name="lastSent">The last keyframe whose data was sent from the previous record.</param>
    /// <param name="gopMs">A typical keyframe interval of the stream (the time tolerance is half of it).</param>
    public static int FirstAfter(KeyframeIndexReader next, in IndexEntry lastSent, long gopMs)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (lastSent.Pts90k >= 0)
        {
            var from = next.FindAtOrAfter(lastSent.UtcMilliseconds - PtsMatchWindowMs);
            if (from >= 0)
            {
                for (var j = from; j < next.Count; j++)
                {
                    var e = next[j];
                    if (e.UtcMilliseconds > lastSent.UtcMilliseconds + PtsMatchWindowMs)
                    {
                        break;
                    }

                    if (e.Pts90k == lastSent.Pts90k)
                    {
                        return j + 1 < next.Count ? j + 1 : -1;
                    }
                }
            }
        }

        var tolerance = Math.Clamp(gopMs / 2, 20, 2_000);
        return next.FindAtOrAfter(lastSent.UtcMilliseconds + tolerance);
    }

    /// <summary>
    /// Index of the entry of <paramref name="next"/> that is the same frame as <paramref name="entry"/>
    /// (same PTS, wall-clock times within a few seconds), or -1. Used to switch from a record still
    /// being written to the next run that records the same ingest (the live edge of the overlap).
    /// </summary>
    public static int IndexOfSameFrame(KeyframeIndexReader next, in IndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (entry.Pts90k < 0)
        {
            return -1;
        }

        var from = next.FindAtOrAfter(entry.UtcMilliseconds - PtsMatchWindowMs);
        if (from < 0)
        {
            return -1;
        }

        for (var j = from; j < next.Count; j++)
        {
            var e = next[j];
            if (e.UtcMilliseconds > entry.UtcMilliseconds + PtsMatchWindowMs)
            {
                break;
            }

            if (e.Pts90k == entry.Pts90k)
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>The keyframe interval around entry <paramref name="at"/>, for tolerances and estimates (1 s when unknown).</summary>
    public static long GopMilliseconds(KeyframeIndexReader index, int at)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Count >= 2)
        {
            var i = Math.Clamp(at, 1, index.Count - 1);
            var gop = index[i].UtcMilliseconds - index[i - 1].UtcMilliseconds;
            if (gop > 0 && (index[i].Flags & (IndexEntryFlags.Gap | IndexEntryFlags.Discontinuity)) == 0)
            {
                return gop;
            }
        }

        return 1_000;
    }
}
