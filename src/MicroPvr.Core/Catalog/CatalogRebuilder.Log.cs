using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Catalog;

// Database log codes of the rebuild (compat spec §7: 3xxx). Listed in docs/storage.md.
public sealed partial class CatalogRebuilder
{
    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "catalog rebuilt from disk: {Scanned} files, {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} orphan rows removed in {ElapsedMs} ms")]
    private static partial void LogFinished(ILogger logger, int scanned, int added, int updated, int unchanged, int removed, long elapsedMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "record location {Location} is missing: its catalog rows are kept until it is back")]
    private static partial void LogLocationMissing(ILogger logger, string location);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "not a record file name, skipped: {Path}")]
    private static partial void LogSkipped(ILogger logger, string path);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "record {Path} has no task {TaskId} in the catalog: lifetime unknown, kept until deleted by an operator or on low space")]
    private static partial void LogAdoptedWithoutTask(ILogger logger, string path, long taskId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "catalog rebuild started, scanning {Roots}")]
    private static partial void LogStarted(ILogger logger, string roots);
}
