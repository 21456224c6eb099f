using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Delivery;

/// <summary>Log codes of MPEG-TS streaming (7xxx: HTTP delivery, docs/delivery.md).</summary>
public sealed partial class ArchiveStreamer
{
    [LoggerMessage(EventId = 7110, Level = LogLevel.Debug, Message = "stream switches from {From} to {To} at keyframe {KeyframeUtcMs}")]
    private static partial void LogSwitch(ILogger log, string from, string to, long keyframeUtcMs);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Information, Message = "record {Path} is gone while being streamed: stream ended")]
    private static partial void LogRecordGone(ILogger log, string path);

    [LoggerMessage(EventId = 7113, Level = LogLevel.Information, Message = "record {Path} finished and the next run recording beside it did not index its last keyframe within {WaitMs} ms: sent to its end, stream ended")]
    private static partial void LogSeamNotIndexed(ILogger log, string path, long waitMs);
}
