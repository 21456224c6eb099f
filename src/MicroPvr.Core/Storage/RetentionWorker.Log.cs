using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Storage;

public sealed partial class RetentionWorker
{
    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "low space on {MountPoint}: {FreeMiB} MiB free, below records-min-free-space {MinMiB} MiB: removing the oldest record {Path}")]
    private static partial void LogLowSpace(ILogger logger, string mountPoint, long freeMiB, long minMiB, string path);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Error, Message = "low space on {MountPoint}: {FreeMiB} MiB free, below {MinMiB} MiB, and no record can be removed (all being written)")]
    private static partial void LogNothingRemovable(ILogger logger, string mountPoint, long freeMiB, long minMiB);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Debug, Message = "record {Path} outlived its lifetime but is active (last read {LastRead:u}): kept until {Until:u}")]
    private static partial void LogProtected(ILogger logger, string path, DateTimeOffset lastRead, DateTimeOffset until);

    [LoggerMessage(EventId = 6120, Level = LogLevel.Error, Message = "low space on {MountPoint}: {FreeMiB} MiB free, below {MinMiB} MiB, and only records in locked ranges ({Locked}) or being written remain: nothing removed (unlock_range or add space)")]
    private static partial void LogOnlyLockedLeft(ILogger logger, string mountPoint, long freeMiB, long minMiB, int locked);

    [LoggerMessage(EventId = 6122, Level = LogLevel.Debug, Message = "record {Path} outlived its lifetime but overlaps locked range {LockId} ({From:u} - {To:u}): kept")]
    private static partial void LogExpiredButLocked(ILogger logger, string path, long lockId, DateTimeOffset from, DateTimeOffset to);
}
