namespace MicroPvr.Core.Delivery;

/// <summary>
/// Where the live discontinuity count of a channel stands (RFC 8216 §4.3.3.3, §6.2.2): the
/// segment of slot <see cref="Slot"/> (slots of <see cref="SlotMilliseconds"/>) has the
/// discontinuity sequence number <see cref="Sequence"/>. The live window counts on from here
/// (<see cref="LiveSegmentGrid.Plan"/>), so every reload, every process and every restart that
/// starts from the same mark gives every segment the same number; the mark only moves forward
/// along the same count. docs/player-urls.md "Discontinuity sequence".
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="SlotMilliseconds">The slot length the mark was counted with.</param>
/// <param name="Slot">A slot whose segment was served (never listed again by a walk that starts there).</param>
/// <param name="Sequence">The discontinuity sequence number of that slot's segment.</param>
public sealed record LiveDiscontinuityMark(int ChannelId, long SlotMilliseconds, long Slot, long Sequence)
{
    /// <summary>2024-01-01T00:00:00Z: the origin of <see cref="FloorAt"/>.</summary>
    public const long FloorOriginUnixMilliseconds = 1_704_067_200_000;

    /// <summary>The shortest slot (<see cref="LiveSegmentGrid.SlotMilliseconds"/>): at most one discontinuity per slot.</summary>
    public const long FloorUnitMilliseconds = 500;

    /// <summary>
    /// The start value of a count that has no mark to follow (a new channel, a catalog started
    /// afresh after corruption, a changed slot length, a mark left untouched for longer than
    /// <see cref="LiveWindowPlanner.StaleAfter"/>): one per 500 ms since 2024. A count grows by
    /// at most one per slot and a slot is at least 500 ms long, so every number ever given to a
    /// segment that starts at or before <paramref name="utcMilliseconds"/> is at most this value:
    /// a new count from here never goes below an old one, without knowing the old one. It stays
    /// below 2^31 (players that parse it as a 32-bit integer) until 2058.
    /// </summary>
    public static long FloorAt(long utcMilliseconds) => Math.Max(0, (utcMilliseconds - FloorOriginUnixMilliseconds) / FloorUnitMilliseconds);
}
