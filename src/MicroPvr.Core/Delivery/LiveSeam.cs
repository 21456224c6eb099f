using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// The seam between a record still being written and the next run of its task that already
/// records the same ingest beside it (the 80-second overlap of seamless periodic files, compat
/// spec §3), for a stream at the live edge. The old file ends wherever its recorder is detached,
/// usually inside a GOP, so waiting for its end would lose the frames up to the next keyframe.
/// Instead the stream stops at a keyframe it has not sent yet and continues at the same frame
/// (same PTS) in the new file: nothing twice, nothing missing. Pure: indexes come in.
/// </summary>
public static class LiveSeam
{
    /// <summary>
    /// How far the stream may read in the current record, and where to continue once it gets there.
    /// </summary>
    /// <param name="current">Index of the record being streamed (still growing).</param>
    /// <param name="next">Index of the next run's record.</param>
    /// <param name="nextRecord">The next run's record.</param>
    /// <param name="sentUpTo">Byte offset reached in the current record.</param>
    /// <returns>
    /// ReadLimit: read no further than this (it may equal <paramref name="sentUpTo"/>: wait for the
    /// indexes to catch up). Next: when set, stop at ReadLimit and continue there.
    /// </returns>
    public static (long ReadLimit, ArchiveSpan? Next) Plan(KeyframeIndexReader current, KeyframeIndexReader next, RecordFile nextRecord, long sentUpTo)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(nextRecord);
        // The first keyframe not sent yet; none: the next one is not indexed yet, wait for it.
        var e = current.FindByOffsetAtOrBefore(sentUpTo);
        if (e < 0 || current[e].ByteOffset < sentUpTo)
        {
            e++;
        }

        if (e >= current.Count)
        {
            return (sentUpTo, null);
        }

        var keyframe = current[e];
        var j = RecordSeam.IndexOfSameFrame(next, keyframe);
        if (j >= 0)
        {
            return (keyframe.ByteOffset, new ArchiveSpan(nextRecord, next, j, Discontinuity: true));
        }

        if (next.Count > 0 && next[next.Count - 1].UtcMilliseconds > keyframe.UtcMilliseconds + RecordSeam.GopMilliseconds(current, e))
        {
            // The next file is past this keyframe and does not hold it (it started later): go on
            // through this GOP and try the following keyframe.
            return (e + 1 < current.Count ? current[e + 1].ByteOffset : keyframe.ByteOffset, null);
        }

        // The next file's index has not reached this keyframe yet: stop before it and wait.
        return (keyframe.ByteOffset, null);
    }
}
