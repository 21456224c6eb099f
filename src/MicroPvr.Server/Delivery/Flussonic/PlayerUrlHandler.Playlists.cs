using System.Buffers;
using System.Globalization;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using Microsoft.AspNetCore.Http;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>The HLS forms: sliding live, timeshift (EVENT from a time), windows, and the relative-shift redirect.</summary>
internal sealed partial class PlayerUrlHandler
{
    /// <summary>Segments in a sliding live playlist (RFC 8216 §6.2.2 asks for at least three target durations).</summary>
    private const int LiveWindowSegments = 6;

    private const string PlaylistContentType = "application/vnd.apple.mpegurl";

    /// <summary>
    /// <c>/CH/index.m3u8</c> (<c>mono.m3u8</c>, <c>video.m3u8</c>): the newest segments of the
    /// record being written. Segments are cut from the record's first keyframe on every request,
    /// so a segment keeps its URI and its number across reloads; EXT-X-MEDIA-SEQUENCE is the
    /// record's start in unix milliseconds plus the segment's position, which keeps growing when
    /// the next record takes over.
    /// </summary>
    private async Task LiveHlsAsync(HttpContext http, PlayerChannel channel)
    {
        var now = Now;
        var span = await _timeline.StartAsync(channel.Id, now, null, http.RequestAborted);
        var all = new List<PlannedSegment>();
        if (span is not null && span.Record.IsWriting)
        {
            var index = span.Index;
            var last = index[index.Count - 1];
            SegmentPlanner.Append(all, new ArchiveSpan(span.Record, index, 0, Discontinuity: false),
                new SpanEnd(last.ByteOffset, last.UtcMilliseconds, Live: true), long.MaxValue, (long)MaxSegment.TotalMilliseconds);
        }

        if (all.Count == 0)
        {
            Refused(http, channel, null);
            await RejectAsync(http, StatusCodes.Status404NotFound,
                span is { Record.IsWriting: true } ? "not one full segment recorded yet" : "channel is not being recorded now");
            return;
        }

        var keep = Math.Min(all.Count, LiveWindowSegments);
        var skip = all.Count - keep;
        long discontinuities = 0;
        for (var i = 1; i <= skip && i < all.Count; i++)
        {
            // Tags that slid out of the window, including the one before the new first segment,
            // which is not written (RFC 8216 §6.2.2 EXT-X-DISCONTINUITY-SEQUENCE).
            discontinuities += all[i].Discontinuity ? 1 : 0;
        }

        using var session = Serving(http, channel, null);
        var window = new PlannedWindow(all.GetRange(skip, keep), Complete: false);
        await WritePlaylistAsync(http, session, window, new PlaylistWriteOptions(SegmentUriStyle.SegmentFile, (int)MaxSegment.TotalSeconds)
        {
            Live = true,
            MediaSequence = span!.Record.Start.ToUnixTimeMilliseconds() + skip,
            DiscontinuitySequence = discontinuities,
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
