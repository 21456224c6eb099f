using MicroPvr.Core.Catalog;
using MicroPvr.Core.Storage;

namespace MicroPvr.Server.Delivery;

/// <summary>
/// What <c>/pvr/&lt;nickname&gt;/&lt;file&gt;</c> serves (compat spec §6), shared by the Kestrel handler and
/// the zero-copy fast path so both answer the same file, type and accounting channel.
/// </summary>
internal static class RecordFileTarget
{
    public const string TsType = "video/mp2t";
    public const string PlaylistType = "application/vnd.apple.mpegurl";

    /// <summary>The real path of the file inside the nickname's record directory, or null (404).</summary>
    public static string? ResolvePath(IStorageManager storage, string nickname, string? file)
    {
        var directory = storage.ResolveNickname(nickname);
        return directory is null ? null : RecordFilePath.Resolve(directory, file);
    }

    /// <summary>True for an .m3u8 file (RFC 8216 §4), false for MPEG-TS and anything else.</summary>
    public static bool IsPlaylist(string path) => path.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase);

    public static string ContentType(string path) => IsPlaylist(path) ? PlaylistType : TsType;

    /// <summary>The channel a record file belongs to (from its name, compat spec §2), for per-channel bytes.</summary>
    public static int? ChannelOf(string path) =>
        RecordFileName.TryParse(Path.GetFileName(path), out var channel, out _, out _) ? channel : null;
}
