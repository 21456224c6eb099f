namespace MicroPvr.Core.Delivery;

/// <summary>Where a span's usable data ends.</summary>
/// <param name="Offset">Byte offset (exclusive): a keyframe's offset at a seam or live edge, or the file length.</param>
/// <param name="UtcMilliseconds">Wall-clock time at that offset (unix ms), 0 when unknown.</param>
/// <param name="Live">The file is still growing: its last segment is not final yet.</param>
public readonly record struct SpanEnd(long Offset, long UtcMilliseconds, bool Live);
