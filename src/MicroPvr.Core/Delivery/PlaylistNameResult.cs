namespace MicroPvr.Core.Delivery;

/// <summary>get_playlist_name's answer: the name under the direct-access path (e.g. <c>F6D124FC/pl_c3_1498201120_1498204720.m3u8</c>, served at <c>/pvr/F6D124FC/pl_c3_1498201120_1498204720.m3u8</c>).</summary>
public sealed record PlaylistNameResult(PlaylistNameStatus Status, string? Name)
{
    public static PlaylistNameResult Of(PlaylistNameStatus status) => new(status, null);
}
