using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Recording;

internal sealed partial class RecordingHandle
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 9019, Level = LogLevel.Error, Message = "record location lost while writing {Path}: {Reason}; this copy stops (the other copies of the source go on)")]
        public static partial void LocationLost(ILogger logger, string path, string reason);
    }
}
