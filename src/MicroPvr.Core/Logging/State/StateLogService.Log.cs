using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Logging.State;

public sealed partial class StateLogService
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "state log written to {Path}")]
    private static partial void LogWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "state log {Path} cannot be written: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "state log: {Part} unavailable: {Reason}")]
    private static partial void LogPartFailed(ILogger logger, string part, string reason);
}
