using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Monitoring;

public sealed partial class HealthChecker
{
    [LoggerMessage(EventId = 7300, Level = LogLevel.Warning, Message = "health check failed: {Problems}")]
    private static partial void LogUnhealthy(ILogger logger, string problems);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "health check passes again")]
    private static partial void LogHealthy(ILogger logger);
}
