using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.JsonRpc;

/// <summary>API log codes (compat spec §7: 2xxx = API).</summary>
public sealed partial class JsonRpcDispatcher
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "API call {Method} from {Remote} ({Transport})")]
    private static partial void LogApiCall(ILogger logger, string method, string remote, string transport);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "API error {Code} in {Method} from {Remote}: {Reason}")]
    private static partial void LogApiError(ILogger logger, int code, string method, string remote, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "API method {Method} failed unexpectedly (call from {Remote})")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string method, string remote);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "API call {Method} from {Remote} refused: missing or wrong token")]
    private static partial void LogUnauthorized(ILogger logger, string method, string remote);
}
