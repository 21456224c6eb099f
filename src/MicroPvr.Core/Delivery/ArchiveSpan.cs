using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// A piece of one record to serve, starting at an index entry (an independently playable
/// position: PAT+PMT+keyframe). Where it stops is decided when its record's data ends
/// (<see cref="ArchiveTimeline.HandoverAsync"/>), because a record may still be growing.
/// </summary>
/// <param name="Record">The record file.</param>
/// <param name="Index">Its keyframe index.</param>
/// <param name="FirstEntry">Index entry the span starts at.</param>
/// <param name="Discontinuity">True when the span does not continue the previous one byte for byte (other file, gap).</param>
public sealed record ArchiveSpan(RecordFile Record, KeyframeIndexReader Index, int FirstEntry, bool Discontinuity)
{
    public IndexEntry First => Index[FirstEntry];

    public long StartOffset => First.ByteOffset;
}
