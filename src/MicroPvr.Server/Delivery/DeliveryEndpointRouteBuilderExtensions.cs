using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MicroPvr.Server.Monitoring;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery;

/// <summary>
/// HTTP delivery URLs of compat spec §6 on the daemon's Kestrel port: <c>/ts</c> (MPEG-TS from any
/// second) and <c>/pvr/&lt;nickname&gt;/&lt;file&gt;</c> (direct access with Range). docs/delivery.md.
/// </summary>
public static class DeliveryEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapMicroPvrDelivery(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMethods("/ts", HttpMethodSets.GetHead, HandleTsAsync);
        endpoints.MapMethods("/pvr/{nickname}/{**file}", HttpMethodSets.GetHead, HandleRecordFileAsync);
        endpoints.MapMicroPvrPlaylists();
        return endpoints;
    }

    /// <summary>compat spec §6 <c>/ts?channel_id&amp;timestamp&amp;endless&amp;priority&amp;aid</c>.</summary>
    private static async Task HandleTsAsync(HttpContext http, ArchiveTimeline timeline, RequestStatistics statistics, ILogger<ArchiveStreamer> log)
    {
        var request = http.Request;
        if (!QueryValues.TryOptionalInt(request, "channel_id", out var channelId) || channelId is null
            || !QueryValues.TryOptionalLong(request, "timestamp", out var timestamp) || timestamp is null
            || timestamp is < 0 or > QueryValues.MaxUnixSeconds
            || !QueryValues.TryFlag(request, "endless", out var endless)
            || !QueryValues.TryOptionalInt(request, "priority", out var priority))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var aid = request.Query["aid"].ToString();
        var at = DateTimeOffset.FromUnixTimeSeconds(timestamp.Value);
        var start = await timeline.StartAsync(channelId.Value, at, priority, http.RequestAborted);
        if (start is null)
        {
            statistics.RecordRequest(channelId.Value, aid, successful: false, statistics.IsNearEnd(at));
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (HttpMethods.IsHead(request.Method))
        {
            // A player probing the URL: what a GET would start with, no stream, no session.
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "video/mp2t";
            return;
        }

        // compat spec §5 accounting: one counted request, a session while it streams, bytes per channel.
        using var session = statistics.BeginContentRequest(channelId.Value, aid, at);
        using var hangUp = new ClientHangUp(timeline.Time, http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "video/mp2t";
        var streamer = new ArchiveStreamer(timeline, statistics: null, log);
        try
        {
            await streamer.StreamAsync(start, new ArchiveStreamRequest(endless, null, priority), session.Wrap(http.Response.Body), http.RequestAborted, ConnectionState.ClientGone(http));
        }
        catch (ClientGoneException)
        {
            // Kestrel's send failed on a reset before it cancelled RequestAborted.
            hangUp.MarkLeft();
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: the file is closed by the streamer, nothing else to do.
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested)
        {
        }

        TsStreamLog.StreamEnded(log, channelId.Value, start.First.UtcMilliseconds, session.BytesSent, hangUp.MillisecondsSinceLeft());
    }

    /// <summary>
    /// compat spec §6 <c>/pvr/&lt;nickname&gt;/&lt;file&gt;</c>: a file inside a record directory, with
    /// Range. Anything that could leave the directory (.., absolute paths, symlinks pointing out) is 404.
    /// A <c>pl_c….m3u8</c> name is a virtual playlist, generated on request (<see cref="PlaylistEndpoints"/>).
    /// </summary>
    private static async Task<IResult> HandleRecordFileAsync(HttpContext http, string nickname, string? file, IStorageManager storage, IPlaylistService playlists)
    {
        if (PlaylistEndpoints.IsVirtualPlaylist(file))
        {
            await PlaylistEndpoints.WriteVirtualPlaylistAsync(http, nickname, file!, playlists);
            return Results.Empty;
        }

        if (RecordFileTarget.ResolvePath(storage, nickname, file) is not { } path)
        {
            return Results.NotFound();
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Results.NotFound();
        }

        // Bytes served and a session for the load score (docs/monitoring.md); not a content request of its own.
        // Plain requests of this URL are usually answered before routing, by the zero-copy fast
        // path (ZeroCopy/FileFastPath): this handler serves the others with the same answers.
        return DeliveryResults.Transfer(Results.Stream(stream, RecordFileTarget.ContentType(path), enableRangeProcessing: true), RecordFileTarget.ChannelOf(path));
    }
}
