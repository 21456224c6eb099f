namespace MicroPvr.Media.Hls;

/// <summary>EXT-X-PLAYLIST-TYPE (RFC 8216 §4.3.3.5).</summary>
public enum HlsPlaylistType
{
    /// <summary>No tag: a live (sliding) playlist.</summary>
    None = 0,
    /// <summary>Segments are only ever appended: a growing archive window that reaches into the future.</summary>
    Event = 1,
    /// <summary>The playlist never changes: a window entirely in the past.</summary>
    Vod = 2,
}
