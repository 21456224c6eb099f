namespace MicroPvr.Core.Delivery;

/// <summary>How a playlist names its segments.</summary>
public enum SegmentUriStyle
{
    /// <summary>The record file with EXT-X-BYTERANGE (HLS version 4): what /pvr/playlist and get_playlist_name hand out.</summary>
    ByteRange = 0,
    /// <summary>A relative <c>seg-&lt;recordId&gt;-&lt;offset&gt;-&lt;length&gt;.ts</c> per segment, for players that cannot do byte ranges.</summary>
    SegmentFile = 1,
}
