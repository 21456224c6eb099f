namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>One segment of an <see cref="HlsMediaPlaylist"/>.</summary>
internal sealed record HlsSegment(string Uri, double DurationSeconds, long? Length, long? Offset, bool Discontinuity, DateTimeOffset? ProgramDateTime);
