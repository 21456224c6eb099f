namespace MicroPvr.Core.Delivery;

/// <summary>The segments of an archive window.</summary>
/// <param name="Segments">In play order.</param>
/// <param name="Complete">True when nothing will ever be added (the window is in the past and fully planned): VOD + EXT-X-ENDLIST.</param>
public sealed record PlannedWindow(IReadOnlyList<PlannedSegment> Segments, bool Complete);
