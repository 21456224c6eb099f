using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Hosting;

internal static partial class DaemonHost
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "micropvr {Version} starting, pid {Pid}, config {ConfigPath}")]
    private static partial void LogStarting(ILogger logger, string version, int pid, string configPath);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "module started: {Module}")]
    private static partial void LogModuleStarted(ILogger logger, string module);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Critical, Message = "daemon failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Critical, Message = "cannot create data-dir {DataDir}: {Reason}")]
    private static partial void LogDataDirFailed(ILogger logger, string dataDir, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "ready: HTTP on {HttpEndpoint}, data-dir {DataDir}")]
    private static partial void LogReady(ILogger logger, string httpEndpoint, string dataDir);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "stopping")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "signal received: {Signal}")]
    private static partial void LogSignal(ILogger logger, string signal);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "stopped cleanly")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "log files reopened")]
    private static partial void LogReopened(ILogger logger);
}
