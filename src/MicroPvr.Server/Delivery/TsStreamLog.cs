using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery;

/// <summary>Log codes of the <c>/ts</c> URL (7xxx: HTTP delivery, docs/delivery.md).</summary>
internal static partial class TsStreamLog
{
    [LoggerMessage(EventId = 7112, Level = LogLevel.Debug, Message = "/ts stream of channel {ChannelId} from keyframe {StartUtcMs} ended after {Bytes} bytes, {StoppedMs} ms after the client left (-1: it had not)")]
    public static partial void StreamEnded(ILogger logger, int channelId, long startUtcMs, long bytes, long stoppedMs);
}
