using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>RECORDER MANAGER log lines about record rows (compat spec §7).</summary>
internal sealed partial class RunRecords
{
    // 6114 and the function name CheckWritingFilesSizes as in the original (compat spec §7 example line).
    [LoggerMessage(EventId = 6114, Level = LogLevel.Debug, Message = "file size check: {Path} {SizeBytes} bytes, data until {Stop:u}")]
    private static partial void LogCheckWritingFilesSizes(ILogger logger, string path, long sizeBytes, DateTimeOffset stop);

    [LoggerMessage(EventId = 5119, Level = LogLevel.Error, Message = "catalog update of {Path} failed; recording goes on")]
    private static partial void LogCatalogFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 5120, Level = LogLevel.Warning, Message = "record {Path} was left open by a previous daemon; closed from the file on disk")]
    private static partial void LogStaleClosed(ILogger logger, string path);
}
