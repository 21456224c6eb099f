using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Segments and numbers of a sliding live playlist (<c>/CH/index.m3u8</c>) that stay the same
/// across reloads, across the seam of consecutive records and across a restart of the daemon
/// (RFC 8216 §6.2.2, §6.3.2: a client follows segments by media sequence number, so a segment
/// must keep its number and each new segment must take the next one).
/// <para>
/// Time is cut into slots of <see cref="SlotMilliseconds"/> counted from the unix epoch. Segment
/// N is the slot N: from the first keyframe at or after the slot's start to the first keyframe at
/// or after the next slot's start, so its number is a function of wall-clock time only, whichever
/// record file serves it. A slot is served by the first record (lowest priority number, then the
/// oldest: the one already playing through the overlap of daily files, compat spec §3) that holds
/// the whole slot; the next record takes over at the first slot the previous one cannot complete,
/// starting at the same frame (matched by PTS, <see cref="RecordSeam.IndexOfSameFrame"/>), so no
/// frame is repeated or skipped and no discontinuity is needed at a seam.
/// </para>
/// <para>
/// A break inside a slot (gap, source restart, PMT change: RFC 8216 §4.3.2.3) ends that slot's
/// segment early; the rest of the slot joins the next slot's segment, which starts with
/// EXT-X-DISCONTINUITY. A slot with no data at all (the source was lost for longer than a slot)
/// cannot be numbered consecutively: the window then starts after it, once the run after it has a
/// whole segment (until then the run before it stays listed).
/// </para>
/// </summary>
public static class LiveSegmentGrid
{
    /// <summary>Segments in the window: more than three target durations (RFC 8216 §6.2.2) of half-target slots.</summary>
    public const int WindowSegments = 8;

    private const IndexEntryFlags BreakFlags = IndexEntryFlags.Discontinuity | IndexEntryFlags.Gap | IndexEntryFlags.PmtChange;

    private const int PacketSize = 188;

    /// <summary>
    /// Slot length: half the longest segment, so that a slot plus one keyframe interval stays
    /// within the target duration (RFC 8216 §4.3.3.1) for any GOP up to half of it.
    /// </summary>
    public static long SlotMilliseconds(TimeSpan maxSegment) => Math.Max(500, (long)maxSegment.TotalMilliseconds / 2);

    /// <summary>The slot (media sequence number) of a wall-clock time.</summary>
    public static long SlotOf(long utcMilliseconds, long slotMilliseconds) => Math.DivRem(utcMilliseconds, slotMilliseconds, out var r) - (r < 0 ? 1 : 0);

    /// <summary>
    /// The live window at <paramref name="nowMs"/>: the newest complete segments of the current
    /// run of consecutive slots, at most <paramref name="windowSegments"/>, numbered on from
    /// <paramref name="mark"/>. Null when no complete segment exists after the mark.
    /// <para>
    /// EXT-X-DISCONTINUITY-SEQUENCE (RFC 8216 §4.3.3.3, §6.2.2) is the mark's number plus one for
    /// every segment after the mark that starts with a discontinuity (a source restart, gap or PMT
    /// change, a seam that found no common frame, the first segment after slots without data).
    /// A seam the next record continues at the same frame is no discontinuity. The walk never
    /// resets the count, so it only grows, and any walk from the same mark gives each segment the
    /// same number.
    /// </para>
    /// </summary>
    /// <param name="candidates">The records that may hold recent data, best first (priority, then start).</param>
    /// <param name="nowMs">Unix ms.</param>
    /// <param name="slotMs">Slot length.</param>
    /// <param name="mark">Where the count stands: a slot at or before the window, and its segment's number.</param>
    /// <param name="windowSegments">Segments in the window.</param>
    public static LiveWindow? Plan(IReadOnlyList<LiveCandidate> candidates, long nowMs, long slotMs, LiveDiscontinuityMark mark, int windowSegments = WindowSegments)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(mark);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotMs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSegments, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(mark.SlotMilliseconds, slotMs);
        var edge = SlotOf(nowMs, slotMs);
        // The run of consecutive slots so far: its length and its newest segments with their slot
        // and number (a ring one longer than the window: the slot before the first listed one
        // becomes the next mark).
        var ringLength = windowSegments + 1;
        var newest = new PlannedSegment[ringLength];
        var slots = new long[ringLength];
        var sequences = new long[ringLength];
        long runLength = 0;
        var sequence = mark.Sequence;
        // The newest served slot before the current run (the run was cut by slots without data).
        long beforeRunSlot = mark.Slot, beforeRunSequence = mark.Sequence;
        // The run an empty slot ended, while the run after it has no whole segment yet: the ring
        // still holds its newest segments, and they stay listed until the new run has one.
        long endedRunLength = 0, endedBeforeRunSlot = 0, endedBeforeRunSequence = 0;
        Served? previous = null;
        for (var k = mark.Slot; k <= edge; k++)
        {
            var outcome = Choose(candidates, k, slotMs, out var chosen);
            if (outcome == SlotOutcome.LiveEdge)
            {
                break;
            }

            if (k == mark.Slot)
            {
                // The mark's slot only tells where the next segment starts; its number is the
                // mark's. It is never listed again (its own start may depend on an earlier slot).
                if (outcome == SlotOutcome.Served)
                {
                    Cut(chosen, k, slotMs, null, first: true, out var served);
                    previous = served;
                }

                continue;
            }

            Served next = default;
            var segment = outcome == SlotOutcome.Served ? Cut(chosen, k, slotMs, previous, first: false, out next) : null;
            if (segment is null)
            {
                // No data in the whole slot: numbers cannot stay consecutive across it, and the
                // next segment starts with a discontinuity (counted, never reset).
                if (runLength > 0)
                {
                    (endedRunLength, endedBeforeRunSlot, endedBeforeRunSequence) = (runLength, beforeRunSlot, beforeRunSequence);
                    var last = (int)((runLength - 1) % ringLength);
                    beforeRunSlot = slots[last];
                    beforeRunSequence = sequences[last];
                }

                runLength = 0;
                previous = null;
                continue;
            }

            sequence += segment.Value.Discontinuity ? 1 : 0;
            endedRunLength = 0;
            var at = (int)(runLength % ringLength);
            newest[at] = segment.Value;
            slots[at] = k;
            sequences[at] = sequence;
            runLength++;
            previous = next;
        }

        if (runLength == 0 && endedRunLength > 0)
        {
            // The source came back after a loss longer than a slot, but not one whole segment is
            // recorded since: keep listing the run before the loss (a player sees the playlist
            // stall for a moment, as while the source is away) instead of answering 404 (a player
            // may give up on that). The window starts anew once the new run has a segment.
            (runLength, beforeRunSlot, beforeRunSequence) = (endedRunLength, endedBeforeRunSlot, endedBeforeRunSequence);
        }

        var listed = (int)Math.Min(runLength, windowSegments);
        if (listed <= 0)
        {
            return null;
        }

        var segments = new List<PlannedSegment>(listed);
        var first = runLength - listed;
        for (var n = first; n < runLength; n++)
        {
            segments.Add(newest[(int)(n % ringLength)]);
        }

        // The first listed segment's own tag is not written (RFC 8216 §6.2.2: it slid out with
        // the segment before it), so the sequence is that segment's number.
        var head = (int)(first % ringLength);
        var resume = first > 0
            ? mark with { Slot = slots[(int)((first - 1) % ringLength)], Sequence = sequences[(int)((first - 1) % ringLength)] }
            : mark with { Slot = beforeRunSlot, Sequence = beforeRunSequence };
        return new LiveWindow(new PlannedWindow(segments, Complete: false), slots[head], sequences[head], resume);
    }

    private static SlotOutcome Choose(IReadOnlyList<LiveCandidate> candidates, long k, long slotMs, out Slot chosen)
    {
        chosen = default;
        var later = false;
        // By index: a foreach over the interface would allocate an enumerator for every slot.
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var slot = Slot.Of(c, k, slotMs);
            later |= slot.HasLaterData;
            if (!slot.HasData)
            {
                continue;
            }

            if (slot.Complete)
            {
                chosen = slot;
                return SlotOutcome.Served;
            }

            if (c.Record.IsWriting)
            {
                // The preferred record is still filling this slot: publish it once it is whole.
                return SlotOutcome.LiveEdge;
            }
        }

        return later ? SlotOutcome.Empty : SlotOutcome.LiveEdge;
    }

    private static PlannedSegment? Cut(in Slot slot, long k, long slotMs, Served? previous, bool first, out Served served)
    {
        var index = slot.Candidate.Index;
        var start = slot.Start;
        var discontinuity = slot.Piece == 0 && (index[start].Flags & BreakFlags) != 0;
        if (previous is { } p && !ReferenceEquals(p.Candidate.Record, slot.Candidate.Record))
        {
            // Another record served the previous slot: continue at the frame where it stopped.
            var same = p.AtKeyframe && slot.Piece == 0 ? RecordSeam.IndexOfSameFrame(index, p.Candidate.Index[p.End]) : -1;
            if (same >= 0 && same < slot.End && index[same].UtcMilliseconds < (k + 1) * slotMs)
            {
                start = same;
                discontinuity = (p.Candidate.Index[p.End].Flags & BreakFlags) != 0;
            }
            else
            {
                discontinuity = true;
            }
        }
        else if (previous is null && !first)
        {
            // The first slot after an empty one, or the record's first data.
            discontinuity = true;
        }

        served = new Served(slot.Candidate, slot.End, AtKeyframe: slot.Piece == slot.Pieces - 1);
        var from = index[start];
        var to = index[slot.End];
        var length = to.ByteOffset - from.ByteOffset;
        if (length < slot.Pieces * PacketSize)
        {
            return null;
        }

        var durationMs = to.UtcMilliseconds - from.UtcMilliseconds;
        if ((to.Flags & BreakFlags) != 0 && slot.End - 1 > start)
        {
            // The data stops before a gap or restart: the last interval is the stream's usual
            // keyframe interval, not the silence that follows (as SegmentPlanner does).
            var lastMs = index[slot.End - 1].UtcMilliseconds;
            durationMs = lastMs - from.UtcMilliseconds + Math.Min(to.UtcMilliseconds - lastMs, RecordSeam.GopMilliseconds(index, slot.End - 1));
        }
        else if ((to.Flags & BreakFlags) != 0)
        {
            durationMs = Math.Min(durationMs, RecordSeam.GopMilliseconds(index, start));
        }

        durationMs = Math.Max(durationMs, slot.Pieces);
        if (slot.Pieces == 1)
        {
            return new PlannedSegment(slot.Candidate.Record, from.ByteOffset, length,
                DateTimeOffset.FromUnixTimeMilliseconds(from.UtcMilliseconds), durationMs / 1000.0, discontinuity);
        }

        // One keyframe interval spans several slots (a GOP longer than a slot): one piece per
        // slot, split by bytes at packet boundaries, so that every slot still has its segment.
        var pieceLength = length / slot.Pieces / PacketSize * PacketSize;
        var pieceMs = durationMs / slot.Pieces;
        var last = slot.Piece == slot.Pieces - 1;
        return new PlannedSegment(slot.Candidate.Record, from.ByteOffset + (pieceLength * slot.Piece), last ? length - (pieceLength * slot.Piece) : pieceLength,
            DateTimeOffset.FromUnixTimeMilliseconds(from.UtcMilliseconds + (pieceMs * slot.Piece)),
            (last ? durationMs - (pieceMs * slot.Piece) : pieceMs) / 1000.0, discontinuity);
    }

    private enum SlotOutcome
    {
        Served,
        Empty,
        LiveEdge,
    }

    /// <summary>Where a slot's segment ended in the record that served it (at a keyframe, or inside a split interval).</summary>
    private readonly record struct Served(LiveCandidate Candidate, int End, bool AtKeyframe);

    /// <summary>
    /// Slot k of one record: piece <see cref="Piece"/> of <see cref="Pieces"/> of the entries
    /// [Start, End) (one piece unless one keyframe interval spans several slots).
    /// </summary>
    private readonly record struct Slot(LiveCandidate Candidate, int Start, int End, int Piece, int Pieces, bool HasData, bool Complete, bool HasLaterData)
    {
        public static Slot Of(LiveCandidate c, long k, long slotMs)
        {
            var index = c.Index;
            var slotStart = k * slotMs;
            var slotEnd = slotStart + slotMs;
            var here = index.Count == 0 ? -1 : index.FindAtOrAfter(slotStart);
            if (here < 0)
            {
                return new Slot(c, -1, -1, 0, 1, false, false, false);
            }

            var start = StartOf(index, k, slotMs, here);
            if (index[start].UtcMilliseconds >= slotEnd)
            {
                return CoveredByEarlierKeyframe(c, k, slotMs, here);
            }

            var next = index.FindAtOrAfter(slotEnd);
            if (next < 0)
            {
                return new Slot(c, start, -1, 0, 1, true, false, false);
            }

            // A break inside this slot ends its segment there.
            var inside = FirstBreak(index, here + 1, next);
            var end = inside >= 0 ? inside : next;
            return new Slot(c, start, end, 0, PiecesOf(index, end, k, slotMs), end > start, true, true);
        }

        /// <summary>
        /// No keyframe starts in slot k: the interval of the keyframe before it goes on through it,
        /// unless what follows is a gap or restart (then the slot is really empty), or the record
        /// has no earlier data.
        /// </summary>
        private static Slot CoveredByEarlierKeyframe(LiveCandidate c, long k, long slotMs, int after)
        {
            var index = c.Index;
            if (after == 0 || (index[after].Flags & BreakFlags) != 0)
            {
                return new Slot(c, -1, -1, 0, 1, false, false, true);
            }

            // The segment that holds keyframe after-1: its slot's, or, when a break inside that
            // slot cut it short, the next slot's (which starts at the break).
            var owner = SlotOf(index[after - 1].UtcMilliseconds, slotMs);
            var ownerHere = index.FindAtOrAfter(owner * slotMs);
            var start = StartOf(index, owner, slotMs, ownerHere);
            var inside = FirstBreak(index, ownerHere + 1, after);
            if (inside >= 0)
            {
                owner++;
                start = inside;
            }

            var pieces = PiecesOf(index, after, owner, slotMs);
            return k - owner < pieces
                ? new Slot(c, start, after, (int)(k - owner), pieces, true, true, true)
                : new Slot(c, -1, -1, 0, 1, false, false, true);
        }

        /// <summary>Where slot k's segment starts: at a break inside the previous slot if there is one, else at its first keyframe.</summary>
        private static int StartOf(KeyframeIndexReader index, long k, long slotMs, int here)
        {
            var previous = index.FindAtOrAfter((k - 1) * slotMs);
            var carried = FirstBreak(index, previous + 1, here);
            return carried >= 0 ? carried : here;
        }

        /// <summary>Slots that the segment of slot k ending at entry <paramref name="end"/> spans (1 when it ends at a break).</summary>
        private static int PiecesOf(KeyframeIndexReader index, int end, long k, long slotMs) =>
            (index[end].Flags & BreakFlags) != 0 ? 1 : (int)Math.Clamp(SlotOf(index[end].UtcMilliseconds, slotMs) - k, 1, 1000);

        /// <summary>The first entry in [from, to) flagged as a break, or -1.</summary>
        private static int FirstBreak(KeyframeIndexReader index, int from, int to)
        {
            for (var i = Math.Max(from, 0); i < to; i++)
            {
                if ((index[i].Flags & BreakFlags) != 0)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}

/// <summary>A record that may serve the live window, with its keyframe index.</summary>
public readonly record struct LiveCandidate(RecordFile Record, KeyframeIndexReader Index);

/// <summary>A live window and its numbering.</summary>
/// <param name="Window">The segments, oldest first.</param>
/// <param name="MediaSequence">EXT-X-MEDIA-SEQUENCE: the slot number of the first segment.</param>
/// <param name="DiscontinuitySequence">EXT-X-DISCONTINUITY-SEQUENCE: the first segment's discontinuity sequence number.</param>
/// <param name="Resume">Where the next walk may start: a served slot before the first listed one, and its number.</param>
public sealed record LiveWindow(PlannedWindow Window, long MediaSequence, long DiscontinuitySequence, LiveDiscontinuityMark Resume);
