using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Ingest;

/// <summary>Coded log messages of the ingest sources (compat spec §7, 9xxx recorder family; docs/sources.md).</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 9004, Level = LogLevel.Error, Message = "invalid source URL '{Url}': {Reason}")]
    public static partial void InvalidSourceUrl(ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 9020, Level = LogLevel.Warning, Message = "{Url}: receive buffer capped by the kernel at {GrantedBytes} bytes (asked {RequestedBytes}, net.core.rmem_max = {RmemMax}); raise net.core.rmem_max to avoid multicast loss")]
    public static partial void ReceiveBufferCapped(ILogger logger, string url, int grantedBytes, int requestedBytes, string rmemMax);

    [LoggerMessage(EventId = 9021, Level = LogLevel.Error, Message = "{Url}: cannot open source: {Reason}; retrying in {DelaySeconds:F1} s")]
    public static partial void OpenFailed(ILogger logger, string url, string reason, double delaySeconds);

    [LoggerMessage(EventId = 9022, Level = LogLevel.Warning, Message = "{Url}: connection lost: {Reason}; reconnecting in {DelaySeconds:F1} s")]
    public static partial void ConnectionLost(ILogger logger, string url, string reason, double delaySeconds);

    [LoggerMessage(EventId = 9023, Level = LogLevel.Information, Message = "{Url}: source opened ({Detail})")]
    public static partial void Opened(ILogger logger, string url, string detail);

    [LoggerMessage(EventId = 9025, Level = LogLevel.Warning, Message = "{Url}: a datagram of {Bytes} bytes did not fit the receive slots and was dropped (slots now {SlotBytes} bytes; {Total} dropped so far): the stream's datagrams grew")]
    public static partial void DatagramTruncated(ILogger logger, string url, int bytes, int slotBytes, long total);

    [LoggerMessage(EventId = 9030, Level = LogLevel.Warning, Message = "{Url}: no data for {Seconds:F1} s (gap)")]
    public static partial void Silence(ILogger logger, string url, double seconds);

    [LoggerMessage(EventId = 9031, Level = LogLevel.Information, Message = "{Url}: data resumed after {Seconds:F1} s of silence")]
    public static partial void Resumed(ILogger logger, string url, double seconds);

    [LoggerMessage(EventId = 9032, Level = LogLevel.Warning, Message = "{Url}: playlist {PlaylistUrl} failed: {Reason}")]
    public static partial void PlaylistFailed(ILogger logger, string url, string playlistUrl, string reason);

    [LoggerMessage(EventId = 9033, Level = LogLevel.Warning, Message = "{Url}: segment {SegmentUrl} skipped: {Reason}")]
    public static partial void SegmentSkipped(ILogger logger, string url, string segmentUrl, string reason);

    [LoggerMessage(EventId = 9034, Level = LogLevel.Warning, Message = "{Url}: media sequence jumped from {Expected} to {Actual}")]
    public static partial void MediaSequenceJump(ILogger logger, string url, long expected, long actual);

    [LoggerMessage(EventId = 9035, Level = LogLevel.Debug, Message = "{Url}: RTP sequence gap, {Lost} packet(s) lost")]
    public static partial void RtpLoss(ILogger logger, string url, int lost);

    [LoggerMessage(EventId = 9036, Level = LogLevel.Debug, Message = "{Url}: file loop {Loop} starts, timestamps shifted by {Shift90k} (90 kHz)")]
    public static partial void FileLooped(ILogger logger, string url, long loop, long shift90k);

    [LoggerMessage(EventId = 9037, Level = LogLevel.Information, Message = "{Url}: end of source")]
    public static partial void EndOfSource(ILogger logger, string url);
}
