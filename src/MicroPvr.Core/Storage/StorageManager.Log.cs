using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Storage;

// RECORDS MANAGER log codes (compat spec §7: 6xxx). Listed in docs/storage.md.
public sealed partial class StorageManager
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "record location {Location} is on mount point {MountPoint}, nickname {Nickname}")]
    private static partial void LogLocationRegistered(ILogger logger, string location, string mountPoint, string nickname);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "record removed: {Path} ({Reason})")]
    private static partial void LogRecordRemoved(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "cannot remove {Path}: {Error}")]
    private static partial void LogRemoveFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Debug, Message = "space released: {MiB} MiB on {MountPoint} for {Location}, {ReservedMiB} MiB still reserved")]
    private static partial void LogSpaceReleased(ILogger logger, long miB, string mountPoint, string location, long reservedMiB);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Information, Message = "link created: {Link} -> {Location}")]
    private static partial void LogLinkCreated(ILogger logger, string link, string location);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "cannot create link {Link} -> {Location}: {Error}")]
    private static partial void LogLinkFailed(ILogger logger, string link, string location, string error);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Warning, Message = "no free space for a recording in {Location}: {Reason} (postponed)")]
    private static partial void LogNoFreeSpace(ILogger logger, string location, string reason);

    [LoggerMessage(EventId = 6109, Level = LogLevel.Information, Message = "empty channel folder removed: {Folder}")]
    private static partial void LogChannelFolderRemoved(ILogger logger, string folder);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Information, Message = "space reserved: {MiB} MiB on {MountPoint} for {Location}, {ReservedMiB} MiB reserved in all")]
    private static partial void LogSpaceReserved(ILogger logger, long miB, string mountPoint, string location, long reservedMiB);

    [LoggerMessage(EventId = 6113, Level = LogLevel.Information, Message = "mount point added: {MountPoint} (for {Location})")]
    private static partial void LogMountPointAdded(ILogger logger, string mountPoint, string location);

    [LoggerMessage(EventId = 6115, Level = LogLevel.Warning, Message = "cannot read free space of {MountPoint}: {Error}")]
    private static partial void LogFreeSpaceUnreadable(ILogger logger, string mountPoint, string error);

    [LoggerMessage(EventId = 6116, Level = LogLevel.Warning, Message = "link {Link} pointed to {OldTarget}, now to {Location}")]
    private static partial void LogLinkReplaced(ILogger logger, string link, string oldTarget, string location);

    [LoggerMessage(EventId = 6117, Level = LogLevel.Information, Message = "{Function}: {Count} records deleted")]
    private static partial void LogOperatorDeletion(ILogger logger, string function, int count);

    [LoggerMessage(EventId = 6121, Level = LogLevel.Information, Message = "{Function}: {Count} records kept: they overlap a locked range (unlock_range first)")]
    private static partial void LogOperatorDeletionKeptLocked(ILogger logger, string function, int count);

    [LoggerMessage(EventId = 6123, Level = LogLevel.Debug, Message = "record {Path} not removed ({Reason}): it overlaps locked range {LockId}")]
    private static partial void LogKeptLocked(ILogger logger, string path, string reason, long lockId);
}
