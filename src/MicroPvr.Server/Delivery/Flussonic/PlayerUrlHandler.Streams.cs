using System.Buffers;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using Microsoft.AspNetCore.Http;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>The MPEG-TS forms: live edge, timeshift, a window as one download, and playlist segments.</summary>
internal sealed partial class PlayerUrlHandler
{
    private const int CopyChunk = 188 * 512;

    /// <summary>
    /// <c>/CH/mpegts</c> (live edge), <c>/CH/timeshift_abs-FROM.ts</c>, <c>/CH/timeshift_rel-S.ts</c>,
    /// <c>/CH/mpegts?utc=FROM</c> (endless from FROM across records into the live edge: Timeshift,
    /// Pause TV) and <c>/CH/archive-FROM-DURATION.ts</c> (the window, following the recording until
    /// its end time comes). Where each starts is <see cref="PlayerTsPlanner"/>'s decision, shared
    /// with the zero-copy fast path.
    /// </summary>
    private async Task TsStreamAsync(HttpContext http, PlayerChannel channel, FlussonicUrl url)
    {
        var start = await _ts.StartAsync(url, channel.Id, http.RequestAborted);
        if (start.Span is null || start.Request is null)
        {
            Refused(http, channel, start.Requested);
            await RejectAsync(http, StatusCodes.Status404NotFound, start.Refusal);
            return;
        }

        if (AnsweredHead(http))
        {
            return;
        }

        using var session = Serving(http, channel, start.Requested);
        await StreamAsync(http, channel, start.Span, start.Request, session);
    }

    /// <summary>
    /// A HEAD (a player probing the URL): the status and headers a GET starts with, at once; no
    /// stream, and not accounted as a request or a session.
    /// </summary>
    private static bool AnsweredHead(HttpContext http)
    {
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            return false;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "video/mp2t";
        http.Response.Headers.CacheControl = "no-store";
        return true;
    }

    private async Task StreamAsync(HttpContext http, PlayerChannel channel, ArchiveSpan span, ArchiveStreamRequest request, DeliverySession session)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "video/mp2t";
        http.Response.Headers.CacheControl = "no-store";
        // Bytes are counted by the session (per channel, outgoing Mbit/s), not by the streamer.
        var streamer = new ArchiveStreamer(_timeline, statistics: null, _streamLog);
        using var hangUp = new ClientHangUp(_timeline.Time, http.RequestAborted);
        if (!await SendAsync(http, ct => streamer.StreamAsync(span, request, session.Wrap(http.Response.Body), ct, ConnectionState.ClientGone(http))))
        {
            hangUp.MarkLeft();
        }

        LogStreamEnded(_log, channel.Id, span.First.UtcMilliseconds, session.BytesSent, hangUp.MillisecondsSinceLeft());
    }

    /// <summary>
    /// <c>/CH/seg-RECORD-OFFSET-LENGTH.ts</c>: one segment of a player playlist, a byte range of a
    /// record file served as a file of its own (players that cannot send Range requests). Only
    /// records of the channel in the URL; a range outside what the file holds now is a 404.
    /// Like a record file of /pvr/, a segment is a transfer (a session and bytes for the channel),
    /// not a content request of its own: the playlist that lists it was counted.
    /// </summary>
    private async Task SegmentAsync(HttpContext http, PlayerChannel channel, FlussonicUrl url)
    {
        var segment = await _ts.OpenSegmentAsync(url, channel.Id, http.RequestAborted);
        if (segment.File is not { } file)
        {
            await RejectAsync(http, StatusCodes.Status404NotFound, segment.Refusal);
            return;
        }

        await using (file)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "video/mp2t";
            http.Response.ContentLength = url.Length;
            // A segment never changes once listed: players and proxies may keep it.
            http.Response.Headers.CacheControl = "max-age=86400";
            if (HttpMethods.IsHead(http.Request.Method))
            {
                return;
            }

            using var session = _statistics.BeginTransfer(channel.Id);
            await SendAsync(http, ct => CopyRangeAsync(file, url.Offset, url.Length, session.Wrap(http.Response.Body), ct));
        }
    }

    private static async Task CopyRangeAsync(FileStream file, long offset, long length, Stream output, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyChunk);
        try
        {
            file.Position = offset;
            var left = length;
            while (left > 0)
            {
                var n = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
                if (n <= 0)
                {
                    // Truncated under us (a record replaced): the client sees a short body and retries.
                    return;
                }

                await output.WriteAsync(buffer.AsMemory(0, n), ct);
                left -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
