namespace MicroPvr.Core.Recording;

/// <summary>What the stager knows about a keyframe when it hands it to the writers.</summary>
/// <param name="UtcMilliseconds">Smoothed wall-clock time (StreamClock).</param>
/// <param name="Pts90k">PTS of the keyframe, -1 when absent.</param>
/// <param name="Flags">Discontinuity / gap / PMT change / audio-only, as seen by the shared ingest.</param>
internal readonly record struct KeyframeMark(long UtcMilliseconds, long Pts90k, IndexEntryFlags Flags);
