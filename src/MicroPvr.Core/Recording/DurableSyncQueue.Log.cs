using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Recording;

internal sealed partial class DurableSyncQueue
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 9041, Level = LogLevel.Warning, Message = "{Path}: the previous flush to disk is still running when the next is due; the disk is slower than the flush interval (receiving goes on, data stays in the page cache)")]
        public static partial void Lagging(ILogger logger, string path);

        [LoggerMessage(EventId = 9042, Level = LogLevel.Error, Message = "{Path}: flush to disk failed: {Reason}")]
        public static partial void SyncFailed(ILogger logger, string path, string reason);
    }
}
