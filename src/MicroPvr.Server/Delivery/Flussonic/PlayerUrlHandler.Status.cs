using System.Buffers;
using System.Text.Json;
using MicroPvr.Core.Delivery;
using Microsoft.AspNetCore.Http;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary><c>/CH/recording_status.json?from=&amp;to=</c>: the recorded ranges, gaps visible.</summary>
internal sealed partial class PlayerUrlHandler
{
    /// <summary>
    /// Answers <c>[{"stream": CH, "channel_id": N, "name": ..., "from": unix, "to": unix,
    /// "ranges": [{"from": unix, "duration": s}], "gaps": [{"from": unix, "duration": s}]}]</c>
    /// (Flussonic's shape, plus the gaps) from <see cref="RecordingCoverage"/>, the same source as
    /// the API's get_recording_status. <c>from</c> defaults to the archive's beginning, <c>to</c>
    /// to now; unix seconds, <c>from</c> not after <c>to</c>. Not accounted: it carries no media.
    /// </summary>
    private async Task RecordingStatusAsync(HttpContext http, string channelText, PlayerChannel channel)
    {
        var request = http.Request;
        if (!QueryValues.TryOptionalLong(request, "from", out var from) || !QueryValues.TryOptionalLong(request, "to", out var to)
            || from is < 0 or > QueryValues.MaxUnixSeconds || to is < 0 or > QueryValues.MaxUnixSeconds
            || (from is not null && to is not null && from > to))
        {
            await RejectAsync(http, StatusCodes.Status400BadRequest, "malformed number");
            return;
        }

        var coverage = await _coverage.GetChannelAsync(channel.Id, from is { } f ? FromUnix(f) : null, to is { } t ? FromUnix(t) : null, http.RequestAborted);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("stream", channelText);
            json.WriteNumber("channel_id", channel.Id);
            json.WriteString("name", channel.Name);
            json.WriteNumber("from", coverage.From.ToUnixTimeSeconds());
            json.WriteNumber("to", coverage.To.ToUnixTimeSeconds());
            WriteRanges(json, "ranges", coverage.Ranges);
            WriteRanges(json, "gaps", coverage.Gaps);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }

    /// <summary>Whole seconds: from rounded down, duration up to the second that holds the range's end.</summary>
    private static void WriteRanges(Utf8JsonWriter json, string name, IReadOnlyList<TimeRange> ranges)
    {
        json.WriteStartArray(name);
        foreach (var range in ranges)
        {
            var start = range.From.ToUnixTimeSeconds();
            var endMs = range.To.ToUnixTimeMilliseconds();
            json.WriteStartObject();
            json.WriteNumber("from", start);
            json.WriteNumber("duration", ((endMs + 999) / 1000) - start);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
