namespace MicroPvr.Core.Recording;

/// <summary>
/// One random-access point of a record file: a byte offset where PAT+PMT+keyframe can be served
/// from, and the UTC time it maps to. Stored as a fixed-size checksummed record in the index
/// sidecar beside the .ts file (docs/recording-format.md).
/// </summary>
/// <param name="UtcMilliseconds">Wall-clock time of the keyframe, unix milliseconds UTC.</param>
/// <param name="ByteOffset">Offset in the .ts file of the first packet of the keyframe's PES (or of the PAT/PMT written before it).</param>
/// <param name="Pts90k">Presentation time stamp of the keyframe, 33-bit 90 kHz units as in the stream.</param>
/// <param name="Flags">Discontinuity, gap, PMT change.</param>
public readonly record struct IndexEntry(long UtcMilliseconds, long ByteOffset, long Pts90k, IndexEntryFlags Flags)
{
    public DateTimeOffset Utc => DateTimeOffset.FromUnixTimeMilliseconds(UtcMilliseconds);
}
