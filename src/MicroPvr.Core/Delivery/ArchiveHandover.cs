namespace MicroPvr.Core.Delivery;

/// <summary>What happens when a record's data ends: where to stop in it and what follows.</summary>
/// <param name="StopOffset">Byte offset to stop at in the current record (an index entry's offset: the seam), or null to send it to its end.</param>
/// <param name="Next">The span that continues the timeline, or null when nothing follows (yet).</param>
public sealed record ArchiveHandover(long? StopOffset, ArchiveSpan? Next);
