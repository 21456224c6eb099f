namespace MicroPvr.Media.Hls;

/// <summary>The playlist-level tags written once before the first segment (RFC 8216 §4.3.3).</summary>
/// <param name="Version">EXT-X-VERSION: 4 or more when EXT-X-BYTERANGE is used (RFC 8216 §7).</param>
/// <param name="TargetDurationSeconds">EXT-X-TARGETDURATION: no segment's EXTINF, rounded to the nearest integer, may exceed it (§4.3.3.1).</param>
/// <param name="MediaSequence">EXT-X-MEDIA-SEQUENCE of the first segment (§4.3.3.2).</param>
/// <param name="Type">EXT-X-PLAYLIST-TYPE (§4.3.3.5).</param>
/// <param name="DiscontinuitySequence">EXT-X-DISCONTINUITY-SEQUENCE (§4.3.3.3): discontinuities that slid out of a live window; written when above 0.</param>
public readonly record struct HlsPlaylistHeader(int Version, int TargetDurationSeconds, long MediaSequence, HlsPlaylistType Type, long DiscontinuitySequence = 0);
