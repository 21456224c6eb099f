using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Recording;

internal sealed partial class RecordWriter
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 9012, Level = LogLevel.Information, Message = "recording started: {Path} from {Source}")]
        public static partial void Started(ILogger logger, string path, string source);

        [LoggerMessage(EventId = 9013, Level = LogLevel.Information, Message = "recording stopped: {Path}, {Bytes} bytes, {Keyframes} keyframes indexed")]
        public static partial void Stopped(ILogger logger, string path, long bytes, long keyframes);

        [LoggerMessage(EventId = 9010, Level = LogLevel.Error, Message = "cannot write stream to {Path}: {Reason}; dropping data until the next keyframe and retrying")]
        public static partial void CannotWrite(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 9024, Level = LogLevel.Warning, Message = "still cannot write stream to {Path}: {Reason}; {DroppedBytes} bytes lost so far, retrying at every keyframe")]
        public static partial void StillCannotWrite(ILogger logger, string path, string reason, long droppedBytes);

        [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "writing to {Path} resumed at byte {Offset} after {DroppedBytes} bytes were lost")]
        public static partial void Resumed(ILogger logger, string path, long offset, long droppedBytes);

        [LoggerMessage(EventId = 9016, Level = LogLevel.Warning, Message = "{Path}: torn index tail of {Bytes} bytes removed (after a crash or power loss)")]
        public static partial void IndexRepaired(ILogger logger, string path, long bytes);

        [LoggerMessage(EventId = 9017, Level = LogLevel.Warning, Message = "{Path}: partial packet of {Bytes} bytes at the end removed before appending")]
        public static partial void PartialPacketRemoved(ILogger logger, string path, long bytes);
    }
}
