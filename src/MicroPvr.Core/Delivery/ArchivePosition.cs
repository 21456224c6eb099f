using MicroPvr.Core.Catalog;

namespace MicroPvr.Core.Delivery;

/// <summary>Where a requested time is served from: a record file and a keyframe offset in it.</summary>
public sealed record ArchivePosition(RecordFile Record, long ByteOffset, DateTimeOffset KeyframeUtc);
