using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.JsonRpc.Transport;

public sealed partial class JsonRpcTcpServer
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "JSON-RPC API listening on {EndPoint}")]
    private static partial void LogListening(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "JSON-RPC API disabled (json-rpc-enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical, Message = "JSON-RPC API cannot listen on {EndPoint}")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, string endPoint);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "JSON-RPC API accept failed: {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "API connection from {Remote} refused: not in json-rpc-allow")]
    private static partial void LogAddressRefused(ILogger logger, string remote);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "API connection limit {Limit} reached: connection from {Remote} closed (logged at most every 10 s)")]
    private static partial void LogTooManyConnections(ILogger logger, int limit, string remote);
}
