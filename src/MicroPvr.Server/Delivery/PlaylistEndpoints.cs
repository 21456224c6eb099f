using System.Buffers;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace MicroPvr.Server.Delivery;

/// <summary>
/// HLS archive playlists over HTTP (compat spec §6): <c>/pvr/playlist?…&amp;type=0</c> redirects to
/// the virtual playlist that get_playlist_name names (compat spec §5), and
/// <c>/pvr/&lt;nickname&gt;/pl_c….m3u8</c> generates it on each request. docs/delivery.md.
/// </summary>
public static class PlaylistEndpoints
{
    private const string MpegUrl = "application/vnd.apple.mpegurl";

    /// <summary>Maps <c>/pvr/playlist</c>. The virtual files are served through the direct-access route.</summary>
    public static IEndpointRouteBuilder MapMicroPvrPlaylists(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // A literal segment outranks the {nickname} parameter of /pvr/{nickname}/{**file}.
        endpoints.MapMethods("/pvr/playlist", HttpMethodSets.GetHead, HandleRedirectAsync);
        return endpoints;
    }

    /// <summary>Whether the file part of a direct-access URL names one of our virtual playlists.</summary>
    public static bool IsVirtualPlaylist(string? file) => file is not null && PlaylistName.TryParse(file, out _);

    /// <summary>
    /// Writes the virtual playlist <paramref name="file"/> of directory <paramref name="nickname"/>:
    /// 200 with the text, or 404 when the name, the nickname or the records do not match any more.
    /// </summary>
    public static async Task WriteVirtualPlaylistAsync(HttpContext http, string nickname, string file, IPlaylistService playlists)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(playlists);
        var text = new ArrayBufferWriter<byte>(4096);
        if (!await playlists.TryWritePlaylistAsync(nickname, file, text, http.RequestAborted))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MpegUrl;
        response.ContentLength = text.WrittenCount;
        // An EVENT playlist grows while the range reaches into the future: a player must re-read
        // it (RFC 8216 §6.2.1), so no cache may keep it. A VOD playlist (EXT-X-ENDLIST) only
        // changes if retention deletes its records: a short cache lifetime is harmless.
        response.Headers[HeaderNames.CacheControl] = text.WrittenSpan.IndexOf("#EXT-X-ENDLIST"u8) >= 0 ? "max-age=60" : "no-cache, no-store";
        await response.Body.WriteAsync(text.WrittenMemory, http.RequestAborted);
    }

    /// <summary>
    /// compat spec §6 <c>/pvr/playlist?channel_id&amp;start_timestamp&amp;end_timestamp&amp;aid&amp;type</c>
    /// (plus our optional <c>priority</c>, as on /ts): 302 to <c>/pvr/&lt;nickname&gt;/pl_c….m3u8</c>.
    /// </summary>
    private static async Task<IResult> HandleRedirectAsync(HttpContext http, IPlaylistService playlists, RequestStatistics statistics)
    {
        var request = http.Request;
        if (!QueryValues.TryOptionalInt(request, "channel_id", out var channelId) || channelId is null or <= 0
            || !TryTimestamp(request, "start_timestamp", out var start)
            || !TryTimestamp(request, "end_timestamp", out var end)
            || !QueryValues.TryOptionalInt(request, "priority", out var priority))
        {
            return Results.Text("channel_id, start_timestamp and end_timestamp must be plain integers (unix seconds)\n", statusCode: StatusCodes.Status400BadRequest);
        }

        if (end <= start)
        {
            return Results.Text("end_timestamp must be after start_timestamp\n", statusCode: StatusCodes.Status400BadRequest);
        }

        var type = request.Query["type"].ToString();
        string playlistType;
        switch (type)
        {
            case "":
            case "0":
                playlistType = "HLS4";
                break;
            case "1":
                playlistType = "RMPD";
                break;
            default:
                return Results.Text("type must be 0 (HLS with byte ranges) or 1 (DASH)\n", statusCode: StatusCodes.Status400BadRequest);
        }

        var aid = request.Query["aid"].ToString();
        var result = await playlists.GetPlaylistNameAsync(channelId.Value, start, end, playlistType, priority, http.RequestAborted);
        statistics.RecordRequest(channelId.Value, string.IsNullOrEmpty(aid) ? null : aid, result.Status == PlaylistNameStatus.Ok, statistics.IsNearEnd(start));
        return result.Status switch
        {
            PlaylistNameStatus.Ok => Results.Redirect("/pvr/" + result.Name),
            PlaylistNameStatus.NoRecord => Results.Text("no record of this channel covers the range\n", statusCode: StatusCodes.Status404NotFound),
            // The API answers RMPD with error 200 "not supported" (compat spec §5); over HTTP that is 501.
            PlaylistNameStatus.NotSupported => Results.Text("type=1 (MPEG-DASH) is not supported: use type=0 (HLS)\n", statusCode: StatusCodes.Status501NotImplemented),
            _ => Results.Text("invalid arguments\n", statusCode: StatusCodes.Status400BadRequest),
        };
    }

    /// <summary>A required unix-seconds parameter: plain integer, 0..9999-12-31.</summary>
    private static bool TryTimestamp(HttpRequest request, string name, out DateTimeOffset value)
    {
        value = default;
        if (!QueryValues.TryOptionalLong(request, name, out var seconds) || seconds is null or < 0 or > QueryValues.MaxUnixSeconds)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds(seconds.Value);
        return true;
    }
}
