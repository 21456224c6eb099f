using Microsoft.Extensions.Logging;

namespace MicroPvr.Catalog.Sqlite;

// Database log codes (compat spec §7: first digit 3 = database). Listed in docs/storage.md.
public sealed partial class SqliteCatalog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "catalog opened: {Path}, schema version {Version}, {Records} records, {Tasks} tasks")]
    private static partial void LogOpened(ILogger logger, string path, int version, long records, long tasks);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "catalog migration {Version} applied: {Name}")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "catalog database {Path} is unreadable or corrupt ({Reason}): moved aside to {AsidePath}, starting a fresh catalog (rebuilt from disk)")]
    private static partial void LogCorruptMovedAside(ILogger logger, string path, string reason, string asidePath);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "catalog database {Path} created")]
    private static partial void LogCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "range locked against deletion: lock {Id}, channel {ChannelId}, {From:u} - {To:u} ({Comment})")]
    private static partial void LogRangeLocked(ILogger logger, long id, int channelId, DateTimeOffset from, DateTimeOffset to, string comment);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "range unlocked: channel {ChannelId}, {From:u} - {To:u}: {Removed} locks removed, {Trimmed} trimmed, {Split} split")]
    private static partial void LogRangeUnlocked(ILogger logger, int channelId, DateTimeOffset from, DateTimeOffset to, int removed, int trimmed, int split);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "range lock {Id} removed")]
    private static partial void LogRangeLockRemoved(ILogger logger, long id);
}
