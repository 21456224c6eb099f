using System.Buffers;
using System.Text.Json;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Catalog;
using Microsoft.AspNetCore.Http;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary><c>/CH/recording_status.json?from=&amp;to=</c>: the recorded ranges, gaps visible.</summary>
internal sealed partial class PlayerUrlHandler
{
    /// <summary>
    /// Answers <c>[{"stream": CH, "channel_id": N, "name": ..., "ranges": [{"from": unix, "duration": s}]}]</c>
    /// (the Flussonic shape players and middleware read). <c>from</c> defaults to the archive's
    /// beginning, <c>to</c> to now; both are unix seconds and <c>from</c> must not be after <c>to</c>.
    /// Not accounted as a content request: it carries no media.
    /// </summary>
    private async Task RecordingStatusAsync(HttpContext http, string channelText, PlayerChannel channel)
    {
        var request = http.Request;
        var now = Now;
        if (!QueryValues.TryOptionalLong(request, "from", out var from) || !QueryValues.TryOptionalLong(request, "to", out var to)
            || from is < 0 or > FlussonicUrl.MaxUnixSeconds || to is < 0 or > FlussonicUrl.MaxUnixSeconds
            || (from is not null && to is not null && from > to))
        {
            await RejectAsync(http, StatusCodes.Status400BadRequest, "malformed number");
            return;
        }

        var fromMs = (from ?? 0) * 1000;
        var toMs = to is { } t ? t * 1000 : now.ToUnixTimeMilliseconds();
        var records = await _catalog.FindRecordsAsync(channel.Id, DateTimeOffset.FromUnixTimeMilliseconds(fromMs), DateTimeOffset.FromUnixTimeMilliseconds(toMs), http.RequestAborted);
        var withIndexes = new List<(RecordFile, KeyframeIndexReader)>(records.Count);
        foreach (var r in records)
        {
            withIndexes.Add((r, _timeline.Indexes.Get(r)));
        }

        var ranges = RecordedRanges.Compute(withIndexes, fromMs, toMs);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("stream", channelText);
            json.WriteNumber("channel_id", channel.Id);
            json.WriteString("name", channel.Name);
            json.WriteStartArray("ranges");
            foreach (var range in ranges)
            {
                json.WriteStartObject();
                json.WriteNumber("from", range.FromMs / 1000);
                // Whole seconds that cover the range: a player asking for [from, from+duration) finds data.
                json.WriteNumber("duration", ((range.ToMs + 999) / 1000) - (range.FromMs / 1000));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }
}
