namespace MicroPvr.Core.Recording;

/// <summary>What a recorder is asked to do: receive a source and write one or more copies.</summary>
/// <param name="StreamSource">The source URL (udp://, rtp://, http(s)://, .m3u8, file://...).</param>
/// <param name="OutputPaths">One .ts path per copy: the source is received once and written to every path.</param>
/// <param name="ChannelId">For logs and statistics.</param>
public sealed record RecordingRequest(string StreamSource, IReadOnlyList<string> OutputPaths, int ChannelId);
