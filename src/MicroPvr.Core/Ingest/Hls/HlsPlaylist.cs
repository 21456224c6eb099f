using System.Globalization;

namespace MicroPvr.Core.Ingest.Hls;

/// <summary>
/// The parts of an HLS playlist (RFC 8216) a recorder needs: variants of a master playlist, or
/// the segments, media sequence, target duration and end marker of a media playlist.
/// </summary>
public sealed class HlsPlaylist
{
    public IReadOnlyList<HlsVariant> Variants { get; private init; } = [];

    public IReadOnlyList<HlsSegment> Segments { get; private init; } = [];

    public long MediaSequence { get; private init; }

    public double TargetDurationSeconds { get; private init; }

    public bool EndList { get; private init; }

    /// <summary>EXT-X-KEY with a method other than NONE (encrypted segments are not supported).</summary>
    public bool Encrypted { get; private init; }

    public bool IsMaster => Variants.Count > 0;

    /// <summary>The variant with the highest BANDWIDTH.</summary>
    public HlsVariant? BestVariant
    {
        get
        {
            HlsVariant? best = null;
            foreach (var v in Variants)
            {
                if (best is null || v.Bandwidth > best.Bandwidth)
                {
                    best = v;
                }
            }

            return best;
        }
    }

    /// <summary>Parses a playlist; null when it does not start with #EXTM3U (§4.3.1.1).</summary>
    public static HlsPlaylist? Parse(string text, Uri baseUri)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || !lines[0].TrimStart('\uFEFF').StartsWith("#EXTM3U", StringComparison.Ordinal))
        {
            return null;
        }

        var variants = new List<HlsVariant>();
        var segments = new List<HlsSegment>();
        long mediaSequence = 0;
        double target = 0;
        var endList = false;
        var encrypted = false;
        long? pendingBandwidth = null;
        double pendingDuration = -1;
        var pendingDiscontinuity = false;
        long pendingRangeLength = -1;
        long pendingRangeOffset = -1;
        long nextRangeOffset = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                if (TryTag(line, "#EXT-X-STREAM-INF:", out var attrs))
                {
                    pendingBandwidth = ReadBandwidth(attrs);
                }
                else if (TryTag(line, "#EXT-X-MEDIA-SEQUENCE:", out var seq))
                {
                    long.TryParse(seq, NumberStyles.Integer, CultureInfo.InvariantCulture, out mediaSequence);
                }
                else if (TryTag(line, "#EXT-X-TARGETDURATION:", out var td))
                {
                    double.TryParse(td, NumberStyles.Float, CultureInfo.InvariantCulture, out target);
                }
                else if (TryTag(line, "#EXTINF:", out var inf))
                {
                    var comma = inf.IndexOf(',', StringComparison.Ordinal);
                    double.TryParse(comma < 0 ? inf : inf[..comma], NumberStyles.Float, CultureInfo.InvariantCulture, out pendingDuration);
                }
                else if (TryTag(line, "#EXT-X-BYTERANGE:", out var range))
                {
                    var atSign = range.IndexOf('@', StringComparison.Ordinal);
                    long.TryParse(atSign < 0 ? range : range[..atSign], NumberStyles.Integer, CultureInfo.InvariantCulture, out pendingRangeLength);
                    pendingRangeOffset = atSign < 0 || !long.TryParse(range.AsSpan(atSign + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var explicitOffset) ? nextRangeOffset : explicitOffset;
                }
                else if (line.StartsWith("#EXT-X-DISCONTINUITY", StringComparison.Ordinal) && !line.StartsWith("#EXT-X-DISCONTINUITY-", StringComparison.Ordinal))
                {
                    pendingDiscontinuity = true;
                }
                else if (line.StartsWith("#EXT-X-ENDLIST", StringComparison.Ordinal))
                {
                    endList = true;
                }
                else if (TryTag(line, "#EXT-X-KEY:", out var key))
                {
                    encrypted = !key.Contains("METHOD=NONE", StringComparison.Ordinal);
                }

                continue;
            }

            if (!Uri.TryCreate(baseUri, line, out var uri))
            {
                continue;
            }

            if (pendingBandwidth is { } bandwidth)
            {
                variants.Add(new HlsVariant(uri, bandwidth));
                pendingBandwidth = null;
            }
            else
            {
                segments.Add(new HlsSegment(uri, mediaSequence + segments.Count, pendingDuration, pendingDiscontinuity, pendingRangeLength >= 0 ? pendingRangeOffset : -1, pendingRangeLength));
                nextRangeOffset = pendingRangeLength >= 0 ? pendingRangeOffset + pendingRangeLength : 0;
                pendingDuration = -1;
                pendingDiscontinuity = false;
                pendingRangeLength = -1;
                pendingRangeOffset = -1;
            }
        }

        return new HlsPlaylist
        {
            Variants = variants,
            Segments = segments,
            MediaSequence = mediaSequence,
            TargetDurationSeconds = target,
            EndList = endList,
            Encrypted = encrypted,
        };
    }

    private static bool TryTag(string line, string tag, out string value)
    {
        if (line.StartsWith(tag, StringComparison.Ordinal))
        {
            value = line[tag.Length..];
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static long ReadBandwidth(string attributes)
    {
        // §4.3.4.2: BANDWIDTH is required; AVERAGE-BANDWIDTH must not be taken for it.
        var i = 0;
        while ((i = attributes.IndexOf("BANDWIDTH=", i, StringComparison.Ordinal)) >= 0)
        {
            if (i == 0 || attributes[i - 1] == ',')
            {
                var start = i + "BANDWIDTH=".Length;
                var end = start;
                while (end < attributes.Length && char.IsAsciiDigit(attributes[end]))
                {
                    end++;
                }

                return long.TryParse(attributes.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var bw) ? bw : 0;
            }

            i++;
        }

        return 0;
    }
}
