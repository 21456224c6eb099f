namespace MicroPvr.Core.Delivery;

/// <summary>What an MPEG-TS stream of the archive should carry.</summary>
/// <param name="Endless">Continue across record boundaries and follow the live edge (compat spec §6 endless=1).</param>
/// <param name="EndUtc">Stop at the first keyframe at or after this time (a downloadable window), or null.</param>
/// <param name="Priority">Forced copy (compat spec §2), or null for the best.</param>
public sealed record ArchiveStreamRequest(bool Endless, DateTimeOffset? EndUtc, int? Priority);
