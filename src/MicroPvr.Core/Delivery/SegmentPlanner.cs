using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Cuts one span of a record into playlist segments at keyframes (index entries), each as long as
/// possible but no longer than the maximum (records-default-segment-size, compat spec §4).
/// Segments never cross a discontinuity, gap or PMT change; those start a new segment flagged
/// for EXT-X-DISCONTINUITY (RFC 8216 §4.3.2.3). A single keyframe interval longer than the
/// maximum is split by bytes at packet boundaries. Pure: the index and the bounds come in.
/// </summary>
public static class SegmentPlanner
{
    private const int PacketSize = 188;
    private const IndexEntryFlags BreakFlags = IndexEntryFlags.Discontinuity | IndexEntryFlags.Gap | IndexEntryFlags.PmtChange;

    /// <summary>
    /// Appends the segments of <paramref name="span"/> that start before <paramref name="windowEndMs"/>.
    /// </summary>
    /// <param name="into">Receives the segments.</param>
    /// <param name="span">Where to start.</param>
    /// <param name="end">Where the span's data ends.</param>
    /// <param name="windowEndMs">Unix ms: no segment starts at or after it.</param>
    /// <param name="maxSegmentMs">Longest segment.</param>
    /// <returns>True when the window end was reached (a later segment would start after it).</returns>
    public static bool Append(List<PlannedSegment> into, ArchiveSpan span, SpanEnd end, long windowEndMs, long maxSegmentMs)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(span);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegmentMs, 1);
        var index = span.Index;
        var first = span.FirstEntry;
        // Entries that may start a segment: those before the end offset.
        var lastStart = index.FindByOffsetAtOrBefore(end.Offset - 1);
        if (lastStart < first)
        {
            return false;
        }

        var boundaries = new Boundaries(index, lastStart, end);
        var s = first;
        while (s <= lastStart)
        {
            var startMs = index[s].UtcMilliseconds;
            if (startMs >= windowEndMs && into.Count > 0)
            {
                return true;
            }

            var e = s + 1;
            while (e <= lastStart && (index[e].Flags & BreakFlags) == 0 && boundaries.TimeMs(e + 1) - startMs <= maxSegmentMs)
            {
                e++;
            }

            if (end.Live && e > lastStart)
            {
                // The newest segment of a growing file may still get longer: publish it only once
                // the next keyframe shows where it ends, so playlists only ever append (RFC 8216 §6.2.1).
                return false;
            }

            var discontinuity = s == first ? span.Discontinuity : (index[s].Flags & BreakFlags) != 0;
            AddSegment(into, span, s, e, boundaries, discontinuity, maxSegmentMs);
            s = e;
        }

        return false;
    }

    private static void AddSegment(List<PlannedSegment> into, ArchiveSpan span, int s, int e, in Boundaries b, bool discontinuity, long maxMs)
    {
        var index = span.Index;
        var offset = index[s].ByteOffset;
        var length = b.Offset(e) - offset;
        var startMs = index[s].UtcMilliseconds;
        long durationMs;
        if (e <= b.LastStart && (index[e].Flags & BreakFlags) != 0)
        {
            // Data stops before a gap or restart: the last interval's length is unknown, so we take
            // the stream's usual keyframe interval (never more than the time to the next entry).
            var typical = RecordSeam.GopMilliseconds(index, e - 1);
            var lastInterval = Math.Min(index[e].UtcMilliseconds - index[e - 1].UtcMilliseconds, typical);
            durationMs = index[e - 1].UtcMilliseconds - startMs + Math.Max(lastInterval, 1);
        }
        else
        {
            durationMs = b.TimeMs(e) - startMs;
        }

        durationMs = Math.Max(durationMs, 1);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(startMs);
        if (durationMs <= maxMs || length < 2 * PacketSize)
        {
            into.Add(new PlannedSegment(span.Record, offset, length, start, durationMs / 1000.0, discontinuity));
            return;
        }

        // One keyframe interval longer than the maximum: split by bytes at packet boundaries.
        var pieces = (int)Math.Min((durationMs + maxMs - 1) / maxMs, length / PacketSize);
        var pieceLength = length / pieces / PacketSize * PacketSize;
        var pieceMs = durationMs / pieces;
        for (var p = 0; p < pieces; p++)
        {
            var len = p == pieces - 1 ? length - (pieceLength * p) : pieceLength;
            into.Add(new PlannedSegment(span.Record, offset + (pieceLength * p), len, start.AddMilliseconds(pieceMs * p),
                (p == pieces - 1 ? durationMs - (pieceMs * p) : pieceMs) / 1000.0, discontinuity && p == 0));
        }
    }

    /// <summary>Segment boundaries: entry k for k ≤ LastStart, then the span's end.</summary>
    private readonly struct Boundaries(KeyframeIndexReader index, int lastStart, SpanEnd end)
    {
        public int LastStart => lastStart;

        public long Offset(int k) => k <= lastStart ? index[k].ByteOffset : end.Offset;

        public long TimeMs(int k)
        {
            if (k <= lastStart)
            {
                return index[k].UtcMilliseconds;
            }

            var lastMs = index[lastStart].UtcMilliseconds;
            return end.UtcMilliseconds > lastMs ? end.UtcMilliseconds : lastMs + RecordSeam.GopMilliseconds(index, lastStart);
        }
    }
}
