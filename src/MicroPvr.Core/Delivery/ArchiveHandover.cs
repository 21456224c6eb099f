namespace MicroPvr.Core.Delivery;

/// <summary>What happens when a record's data ends: where to stop in it and what follows.</summary>
/// <param name="StopOffset">Byte offset to stop at in the current record (an index entry's offset: the seam), or null to send it to its end.</param>
/// <param name="Next">The span that continues the timeline, or null when nothing follows (yet).</param>
/// <param name="NextNotIndexedYet">
/// The seam is not known yet: a record still being written beside this one (the next run of a
/// seamless periodic task, compat spec §3) holds the frames that follow, but its index (flushed
/// about once a second by its recorder) has not reached this record's last keyframe. It will
/// shortly; until then StopOffset and Next are null. A playlist treats this record as still
/// growing (its last segment is not final yet); see <see cref="ArchiveWindowPlanner"/>.
/// </param>
public sealed record ArchiveHandover(long? StopOffset, ArchiveSpan? Next, bool NextNotIndexedYet = false);
