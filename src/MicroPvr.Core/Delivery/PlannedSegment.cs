using MicroPvr.Core.Catalog;

namespace MicroPvr.Core.Delivery;

/// <summary>One playlist segment: a byte range of a record file (RFC 8216 §4.3.2.2) and its time.</summary>
/// <param name="Record">The record file the bytes come from.</param>
/// <param name="ByteOffset">First byte (a keyframe's PAT+PMT, except inside a split over-long GOP).</param>
/// <param name="Length">Bytes, a multiple of 188.</param>
/// <param name="StartUtc">Wall-clock time of the first frame (EXT-X-PROGRAM-DATE-TIME).</param>
/// <param name="DurationSeconds">EXTINF duration.</param>
/// <param name="Discontinuity">Preceded by EXT-X-DISCONTINUITY (file switch, gap, source restart, PMT change).</param>
public readonly record struct PlannedSegment(RecordFile Record, long ByteOffset, long Length, DateTimeOffset StartUtc, double DurationSeconds, bool Discontinuity);
