using System.Globalization;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// The parts of an HLS media playlist (RFC 8216 §4.3) the tests check, read line by line from the
/// text the daemon served: header tags and each segment's EXTINF, byte range, URI, discontinuity
/// and program date-time.
/// </summary>
internal sealed record HlsMediaPlaylist(string Text, int Version, string? PlaylistType, bool EndList, IReadOnlyList<HlsSegment> Segments)
{
    public double TotalSeconds => Segments.Sum(s => s.DurationSeconds);

    public static HlsMediaPlaylist Parse(string text)
    {
        var version = 0;
        string? type = null;
        var endList = false;
        var segments = new List<HlsSegment>();
        var discontinuity = false;
        DateTimeOffset? dateTime = null;
        double? duration = null;
        long? length = null;
        long? offset = null;
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0 && lines[0] == "#EXTM3U", "not a playlist:\n" + text);
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("#EXT-X-VERSION:", StringComparison.Ordinal))
            {
                version = int.Parse(line["#EXT-X-VERSION:".Length..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXT-X-PLAYLIST-TYPE:", StringComparison.Ordinal))
            {
                type = line["#EXT-X-PLAYLIST-TYPE:".Length..];
            }
            else if (line == "#EXT-X-ENDLIST")
            {
                endList = true;
            }
            else if (line == "#EXT-X-DISCONTINUITY")
            {
                discontinuity = true;
            }
            else if (line.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
            {
                dateTime = DateTimeOffset.Parse(line["#EXT-X-PROGRAM-DATE-TIME:".Length..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                duration = double.Parse(line["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXT-X-BYTERANGE:", StringComparison.Ordinal))
            {
                // <n>[@<o>] (RFC 8216 §4.3.2.2); ours always carry the offset.
                var parts = line["#EXT-X-BYTERANGE:".Length..].Split('@');
                length = long.Parse(parts[0], CultureInfo.InvariantCulture);
                offset = parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : null;
            }
            else if (!line.StartsWith('#'))
            {
                Assert.True(duration is not null, "a segment URI without EXTINF:\n" + text);
                segments.Add(new HlsSegment(line, duration.Value, length, offset, discontinuity, dateTime));
                discontinuity = false;
                dateTime = null;
                duration = null;
                length = null;
                offset = null;
            }
        }

        return new HlsMediaPlaylist(text, version, type, endList, segments);
    }
}
