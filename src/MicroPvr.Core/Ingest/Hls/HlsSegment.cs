namespace MicroPvr.Core.Ingest.Hls;

/// <summary>One media segment of a media playlist (RFC 8216 §4.3.2).</summary>
/// <param name="Uri">Absolute segment URI.</param>
/// <param name="Sequence">Media sequence number (§4.3.3.2 plus position).</param>
/// <param name="DurationSeconds">EXTINF duration.</param>
/// <param name="Discontinuity">EXT-X-DISCONTINUITY before it (§4.3.2.3).</param>
/// <param name="RangeOffset">EXT-X-BYTERANGE start (§4.3.2.2), or -1 for the whole resource.</param>
/// <param name="RangeLength">EXT-X-BYTERANGE length, or -1.</param>
public sealed record HlsSegment(Uri Uri, long Sequence, double DurationSeconds, bool Discontinuity, long RangeOffset, long RangeLength);
