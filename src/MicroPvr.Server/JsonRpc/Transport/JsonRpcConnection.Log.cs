using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.JsonRpc.Transport;

internal sealed partial class JsonRpcConnection
{
    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "API request from {Remote} exceeds {Limit} bytes: refused, connection closed")]
    private static partial void LogRequestTooLarge(ILogger logger, string remote, int limit);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Debug, Message = "API client {Remote} timed out with {Bytes} bytes of an unfinished request: connection closed")]
    private static partial void LogClientTimeout(ILogger logger, string remote, int bytes);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Debug, Message = "API connection {Remote} ended: {Reason}")]
    private static partial void LogConnectionError(ILogger logger, string remote, string reason);
}
