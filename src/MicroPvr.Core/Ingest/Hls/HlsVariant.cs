namespace MicroPvr.Core.Ingest.Hls;

/// <summary>A variant stream of a master playlist (RFC 8216 §4.3.4.2).</summary>
public sealed record HlsVariant(Uri Uri, long Bandwidth);
