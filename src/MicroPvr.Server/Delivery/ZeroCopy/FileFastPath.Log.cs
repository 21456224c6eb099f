using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery.ZeroCopy;

internal sealed partial class FileFastPath
{
    [LoggerMessage(EventId = 7120, Level = LogLevel.Debug, Message = "connection {ConnectionId} handed to Kestrel after {Answers} zero-copy answers")]
    private static partial void LogHandedOver(ILogger logger, string connectionId, int answers);

    [LoggerMessage(EventId = 7121, Level = LogLevel.Information, Message = "record {Path} shrank while being sent: connection closed after {Sent} of {Count} bytes")]
    private static partial void LogShrank(ILogger logger, string path, long sent, long count);

    [LoggerMessage(EventId = 7123, Level = LogLevel.Debug, Message = "connection {ConnectionId}: /ts of channel {ChannelId} sent by the zero-copy path")]
    public static partial void LogTsZeroCopy(ILogger logger, string connectionId, int channelId);

    [LoggerMessage(EventId = 7124, Level = LogLevel.Debug, Message = "connection {ConnectionId}: player URL {Form} of channel {ChannelId} sent by the zero-copy path")]
    public static partial void LogPlayerZeroCopy(ILogger logger, string connectionId, string form, int channelId);

    [LoggerMessage(EventId = 7122, Level = LogLevel.Warning, Message = "zero-copy delivery failed on connection {ConnectionId}: {Error}; connection closed")]
    private static partial void LogFailed(ILogger logger, string connectionId, string error, Exception exception);
}
