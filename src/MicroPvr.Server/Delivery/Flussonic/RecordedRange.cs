namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>A stretch of time with recorded data, unix milliseconds, end exclusive.</summary>
internal readonly record struct RecordedRange(long FromMs, long ToMs);
