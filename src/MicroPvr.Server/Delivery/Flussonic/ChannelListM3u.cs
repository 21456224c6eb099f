using System.Globalization;
using System.Text;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>
/// The M3U playlist of all channels for IPTV players (compat spec §11): one entry per channel
/// with <c>catchup</c>, <c>catchup-source</c> and <c>catchup-days</c>, in the mode the operator
/// asks for, so that the player builds our player URLs by itself. Served at <c>/channels.m3u</c>.
/// </summary>
internal static class ChannelListM3u
{
    /// <summary>The catch-up modes of compat spec §11 we can describe.</summary>
    public static readonly IReadOnlyList<string> Modes = ["default", "flussonic", "shift", "append"];

    /// <summary>Stream formats: HLS (<c>/CH/index.m3u8</c>) or MPEG-TS (<c>/CH/mpegts</c>).</summary>
    public static readonly IReadOnlyList<string> Formats = ["hls", "ts"];

    /// <summary>Writes the playlist. <paramref name="baseUri"/> ends with '/', e.g. <c>http://host:8080/</c>.</summary>
    public static string Write(IReadOnlyList<PlayerChannel> channels, string baseUri, string mode, string format, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var hls = format == "hls";
        var text = new StringBuilder(128 + (channels.Count * 256));
        text.Append("#EXTM3U\n");
        foreach (var channel in channels)
        {
            var id = channel.Id.ToString(CultureInfo.InvariantCulture);
            var name = Clean(channel.Name) ?? "Channel " + id;
            var stream = baseUri + id + (hls ? "/index.m3u8" : "/mpegts");
            text.Append("#EXTINF:-1 tvg-id=\"").Append(id).Append("\" tvg-name=\"").Append(name).Append('"');
            text.Append(" catchup=\"").Append(mode).Append('"');
            var source = mode switch
            {
                // A full template: the window as HLS (or as one MPEG-TS download).
                "default" => baseUri + id + (hls ? "/archive-{utc}-{duration}.m3u8" : "/archive-{utc}-{duration}.ts"),
                // Appended to the stream URL: the shift parameters, which every live URL understands.
                "append" => "?utc={utc}&lutc={lutc}",
                _ => null, // flussonic and shift are derived from the stream URL by the player
            };
            if (source is not null)
            {
                text.Append(" catchup-source=\"").Append(source).Append('"');
            }

            text.Append(" catchup-days=\"").Append(CatchupDays(channel, now).ToString(CultureInfo.InvariantCulture)).Append('"');
            text.Append(',').Append(name).Append('\n');
            text.Append(stream).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Whole days back to the channel's oldest record (at least 1 when anything is recorded, 0 when nothing is).</summary>
    public static int CatchupDays(PlayerChannel channel, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.FirstRecordStart is not { } first)
        {
            return 0;
        }

        var days = (now - first).TotalDays;
        return Math.Max(1, (int)Math.Ceiling(days));
    }

    /// <summary>A name safe inside an attribute and after the comma: no quotes, commas or line breaks.</summary>
    private static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(c is '"' or ',' or '\r' or '\n' ? ' ' : c);
        }

        return text.ToString().Trim();
    }
}
