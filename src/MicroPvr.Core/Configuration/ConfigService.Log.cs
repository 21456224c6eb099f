using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Configuration;

public sealed partial class ConfigService
{
    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "configuration {Path} cannot be used, running on defaults: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "configuration loaded from {Path}")]
    private static partial void LogLoaded(ILogger logger, string path);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "configuration key {Key}: unknown key, ignored")]
    private static partial void LogUnknownKey(ILogger logger, string key);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "configuration key {Key}: retired key, ignored")]
    private static partial void LogRetiredKey(ILogger logger, string key);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "configuration key {Key}: {Problem}")]
    private static partial void LogBadValue(ILogger logger, string key, string problem);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "configuration backed up to {BackupPath}")]
    private static partial void LogBackedUp(ILogger logger, string backupPath);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "configuration backup to {BackupPath} failed: {Reason}")]
    private static partial void LogBackupFailed(ILogger logger, string backupPath, string reason);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "configuration rewritten: {Path}")]
    private static partial void LogRewritten(ILogger logger, string path);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Error, Message = "configuration write to {Path} failed: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Information, Message = "new configuration applied")]
    private static partial void LogApplied(ILogger logger);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Error, Message = "new configuration could not be applied, previous configuration restored")]
    private static partial void LogApplyFailedRestored(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Critical, Message = "new configuration could not be applied and restoring the previous one failed: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "set_config refused: {Problems}")]
    private static partial void LogRefused(ILogger logger, string problems);
}
