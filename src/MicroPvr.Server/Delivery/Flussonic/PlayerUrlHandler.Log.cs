using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>Log codes 72xx: player-compatible URLs (7xxx is HTTP delivery, compat spec §7).</summary>
internal sealed partial class PlayerUrlHandler
{
    [LoggerMessage(EventId = 7200, Level = LogLevel.Debug, Message = "player URL {Path}: {Form} of channel {ChannelId}")]
    internal static partial void LogRequest(ILogger logger, string path, string form, int channelId);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Debug, Message = "player URL {Path} answered {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string path, int status, string reason);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Debug, Message = "player stream of channel {ChannelId} from keyframe {StartUtcMs} ended after {Bytes} bytes, {StoppedMs} ms after the client left (-1: it had not)")]
    internal static partial void LogStreamEnded(ILogger logger, int channelId, long startUtcMs, long bytes, long stoppedMs);
}
