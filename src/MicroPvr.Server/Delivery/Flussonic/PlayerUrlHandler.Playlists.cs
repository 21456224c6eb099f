using System.Buffers;
using System.Globalization;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using Microsoft.AspNetCore.Http;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>The HLS forms: sliding live, timeshift (EVENT from a time), windows, and the relative-shift redirect.</summary>
internal sealed partial class PlayerUrlHandler
{
    private const string PlaylistContentType = "application/vnd.apple.mpegurl";

    /// <summary>
    /// <c>/CH/index.m3u8</c> (<c>mono.m3u8</c>, <c>video.m3u8</c>): the newest segments of the
    /// recording. Segments are slots of wall-clock time (<see cref="LiveSegmentGrid"/>) and
    /// EXT-X-MEDIA-SEQUENCE is the first one's slot number, so a segment keeps its URI and its
    /// number across reloads, across the seam of daily records and across a daemon restart, and
    /// each new segment takes the next number (RFC 8216 §6.2.2). docs/player-urls.md.
    /// </summary>
    private async Task LiveHlsAsync(HttpContext http, PlayerChannel channel)
    {
        var live = await _live.PlanAsync(channel.Id, MaxSegment, http.RequestAborted);
        if (live is null)
        {
            Refused(http, channel, null);
            var recording = await IsRecordingAsync(channel.Id, http.RequestAborted);
            await RejectAsync(http, StatusCodes.Status404NotFound, recording ? "not one full segment recorded yet" : "channel is not being recorded now");
            return;
        }

        using var session = Serving(http, channel, null);
        await WritePlaylistAsync(http, session, live.Window, new PlaylistWriteOptions(SegmentUriStyle.SegmentFile, (int)MaxSegment.TotalSeconds)
        {
            Live = true,
            MediaSequence = live.MediaSequence,
            DiscontinuitySequence = live.DiscontinuitySequence,
        });
    }

    /// <summary>
    /// <c>/CH/timeshift_abs-FROM.m3u8</c>, <c>/CH/index-FROM-now.m3u8</c>, <c>/CH/index.m3u8?utc=FROM</c>:
    /// an EVENT playlist from the keyframe at or before FROM that grows with the recording
    /// (EXT-X-START at its beginning); once the channel is no longer recorded it ends (VOD).
    /// </summary>
    private async Task TimeshiftHlsAsync(HttpContext http, PlayerChannel channel, DateTimeOffset from)
    {
        var ct = http.RequestAborted;
        var span = await StartNearestAsync(channel.Id, from, ct);
        if (span is null)
        {
            Refused(http, channel, from);
            await RejectAsync(http, StatusCodes.Status404NotFound, from > Now ? "time is in the future" : "nothing recorded at or after this time");
            return;
        }

        var recording = await IsRecordingAsync(channel.Id, ct);
        var window = await _planner.PlanAsync(channel.Id, span.First.Utc, recording ? null : Now, null, MaxSegment, ct);
        if (window.Segments.Count == 0 && window.Complete)
        {
            Refused(http, channel, from);
            await RejectAsync(http, StatusCodes.Status404NotFound, "nothing recorded at or after this time");
            return;
        }

        using var session = Serving(http, channel, from);
        await WritePlaylistAsync(http, session, window, new PlaylistWriteOptions(SegmentUriStyle.SegmentFile, (int)MaxSegment.TotalSeconds)
        {
            StartAtBeginning = !window.Complete,
        });
    }

    /// <summary>
    /// <c>/CH/archive-FROM-DURATION.m3u8</c>, <c>/CH/index-FROM-DURATION.m3u8</c> (and mono-/video-):
    /// from the keyframe at or before FROM to the first keyframe at or after FROM+DURATION. VOD with
    /// EXT-X-ENDLIST when the window is over; EVENT growing with the recording while it is not.
    /// </summary>
    private async Task ArchiveHlsAsync(HttpContext http, PlayerChannel channel, DateTimeOffset from, TimeSpan duration)
    {
        var ct = http.RequestAborted;
        var end = from + duration;
        var span = await StartNearestAsync(channel.Id, from, ct);
        PlannedWindow? window = null;
        if (span is not null && span.First.Utc < end)
        {
            window = await _planner.PlanAsync(channel.Id, span.First.Utc, end, null, MaxSegment, ct);
        }

        if (window is null || (window.Segments.Count == 0 && window.Complete))
        {
            Refused(http, channel, from);
            await RejectAsync(http, StatusCodes.Status404NotFound, from > Now ? "time is in the future" : "nothing recorded in this window");
            return;
        }

        using var session = Serving(http, channel, from);
        await WritePlaylistAsync(http, session, TrimToEnd(window, end), new PlaylistWriteOptions(SegmentUriStyle.SegmentFile, (int)MaxSegment.TotalSeconds)
        {
            StartAtBeginning = !window.Complete,
        });
    }

    /// <summary>
    /// <c>/CH/timeshift_rel-S.m3u8</c>: 302 to <c>timeshift_abs-(now−S).m3u8</c> (same prefix and
    /// query), so that the player's reloads fetch one stable playlist instead of a window that
    /// moves with every reload. The redirect itself is not accounted; the playlist it names is.
    /// </summary>
    private Task RedirectRelativeAsync(HttpContext http, string file, long seconds)
    {
        var target = Math.Max(0, Now.ToUnixTimeSeconds() - seconds);
        // Keep the prefix (mono-/video-) and the extension; the number may have leading zeros.
        var at = file.IndexOf("timeshift_rel-", StringComparison.Ordinal);
        var name = file[..at] + "timeshift_abs-" + target.ToString(CultureInfo.InvariantCulture) + file[file.LastIndexOf('.')..];
        http.Response.StatusCode = StatusCodes.Status302Found;
        http.Response.Headers.Location = name + http.Request.QueryString.Value;
        http.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    /// <summary>Cuts the last segment at the first keyframe at or after the window end, so the playlist lasts the window (within one GOP).</summary>
    private PlannedWindow TrimToEnd(PlannedWindow window, DateTimeOffset end)
    {
        if (window.Segments.Count == 0)
        {
            return window;
        }

        var last = window.Segments[^1];
        var index = _timeline.Indexes.Get(last.Record);
        var k = index.FindAtOrAfter(end.ToUnixTimeMilliseconds());
        if (k < 0 || index[k].ByteOffset <= last.ByteOffset || index[k].ByteOffset >= last.ByteOffset + last.Length)
        {
            return window;
        }

        var segments = new List<PlannedSegment>(window.Segments);
        segments[^1] = last with
        {
            Length = index[k].ByteOffset - last.ByteOffset,
            DurationSeconds = Math.Max(1, index[k].UtcMilliseconds - last.StartUtc.ToUnixTimeMilliseconds()) / 1000.0,
        };
        return window with { Segments = segments };
    }

    private async ValueTask<bool> IsRecordingAsync(int channelId, CancellationToken ct)
    {
        var now = Now;
        foreach (var r in await _catalog.FindRecordsAsync(channelId, now, now, ct))
        {
            if (r.IsWriting)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task WritePlaylistAsync(HttpContext http, DeliverySession session, PlannedWindow window, PlaylistWriteOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        ArchivePlaylistBuilder.Write(buffer, window, options);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = PlaylistContentType;
        // A finished window never changes; a live or growing one must be fetched again.
        http.Response.Headers.CacheControl = window.Complete && !options.Live ? "max-age=3600" : "no-cache";
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        session.AddBytes(buffer.WrittenCount);
    }
}
