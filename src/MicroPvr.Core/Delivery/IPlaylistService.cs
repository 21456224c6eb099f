using System.Buffers;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// HLS4 byte-range playlists of an archive range (compat spec §5 get_playlist_name, §6
/// /pvr/playlist). Playlists are virtual: the name encodes channel, start, end (and a forced
/// priority), and the text is generated on each request, so a growing EVENT playlist is always
/// current and nothing has to be cleaned up.
/// </summary>
public interface IPlaylistService
{
    /// <summary>
    /// The playlist's name under the direct-access path for (channel, start, end): end is the
    /// latest segment start allowed. playlistType "HLS4" (default when null/empty) or "RMPD".
    /// </summary>
    ValueTask<PlaylistNameResult> GetPlaylistNameAsync(int channelId, DateTimeOffset start, DateTimeOffset end, string? playlistType,
        int? priority = null, CancellationToken ct = default);

    /// <summary>
    /// Writes the playlist that <c>/pvr/&lt;nickname&gt;/&lt;fileName&gt;</c> names. False when the
    /// name is not one of ours, the nickname is unknown, or no record matches any more.
    /// </summary>
    ValueTask<bool> TryWritePlaylistAsync(string nickname, string fileName, IBufferWriter<byte> output, CancellationToken ct = default);
}
