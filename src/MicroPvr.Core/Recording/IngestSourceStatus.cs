namespace MicroPvr.Core.Recording;

/// <summary>
/// One source being received (shared by every recording of it), for /metrics and the admin view.
/// </summary>
/// <param name="Url">The source URL as the tasks name it.</param>
/// <param name="ChannelIds">Channels of the recordings attached to it, ascending (usually one).</param>
/// <param name="Recordings">Recordings (copies) written from this receive.</param>
/// <param name="Statistics">Live figures of the receive: bitrate, stream errors, silence.</param>
public sealed record IngestSourceStatus(string Url, IReadOnlyList<int> ChannelIds, int Recordings, RecordingStatistics Statistics);
