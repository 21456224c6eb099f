using System.Text;
using MicroPvr.Server.Delivery.Flussonic;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// A player URL that streams MPEG-TS (compat spec §11: <c>/CH/mpegts</c>, <c>/CH/timeshift_abs-FROM.ts</c>,
/// <c>/CH/timeshift_rel-S.ts</c>, <c>/CH/archive-FROM-DURATION.ts</c>, <c>/CH/seg-RECORD-OFFSET-LENGTH.ts</c>,
/// and <c>?utc=FROM&amp;lutc=NOW</c> on <c>mpegts</c>) read from the raw request target by the fast
/// path. The file name goes through <see cref="FlussonicUrl.Parse"/>, the parser of the Kestrel
/// handler; only plain, valid requests are read here, everything else (a 400, a name that needs
/// percent-decoding, HLS, <c>recording_status.json</c>) is Kestrel's.
/// </summary>
/// <param name="Channel">The CHANNEL segment: a channel_id or a channel name made of unreserved characters.</param>
/// <param name="Url">The parsed form, <c>?utc=</c> applied (<see cref="FlussonicUrl.Shifted"/>).</param>
/// <param name="Aid">The <c>aid</c> query parameter, null when absent or empty (compat spec §5).</param>
/// <param name="Path">The request path (what the Kestrel handler logs).</param>
internal sealed record PlayerRequest(string Channel, FlussonicUrl Url, string? Aid, string Path)
{
    /// <summary>Longer than any MPEG-TS form (seg- with three 12-digit numbers is 45 characters).</summary>
    private const int MaxFileLength = 64;

    /// <summary>A stream without a length (every form but a segment).</summary>
    public bool IsStream => Url.Kind != FlussonicKind.Segment;

    /// <summary>
    /// Reads <c>/CHANNEL/FILE[?QUERY]</c>. False (hand the request to Kestrel) unless both segments are
    /// plain (RFC 3986 §2.3 unreserved characters: nothing Kestrel would decode or normalise), CHANNEL is
    /// not a literal route's (<c>/pvr/…</c>, matched without case), FILE parses to an MPEG-TS form with
    /// valid numbers, and the query is plain with <c>utc</c>, <c>lutc</c> and <c>aid</c> at most once
    /// each and valid (the Kestrel handler's 400 otherwise).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> target, out PlayerRequest? request)
    {
        request = null;
        var q = target.IndexOf((byte)'?');
        var path = q < 0 ? target : target[..q];
        if (path.Length < 4 || path[0] != (byte)'/')
        {
            return false;
        }

        var rest = path[1..];
        var slash = rest.IndexOf((byte)'/');
        if (slash <= 0)
        {
            return false;
        }

        var channel = rest[..slash];
        var file = rest[(slash + 1)..];
        if (file.IsEmpty || file.Length > MaxFileLength || !PlainQuery.IsPlain(channel) || !PlainQuery.IsPlain(file)
            || channel.SequenceEqual("."u8) || channel.SequenceEqual(".."u8) || Ascii.EqualsIgnoreCase(channel, "pvr"u8))
        {
            return false;
        }

        Span<char> name = stackalloc char[MaxFileLength];
        var length = Encoding.ASCII.GetChars(file, name);
        if (FlussonicUrl.Parse(name[..length], out var url) != FlussonicParse.Ok)
        {
            return false;
        }

        long? utc = null;
        string? aid = null;
        if (q >= 0 && !TryReadQuery(target[(q + 1)..], out utc, out aid))
        {
            return false;
        }

        url = url.Shifted(utc);
        if (!url.IsMpegTs)
        {
            return false;
        }

        request = new PlayerRequest(Encoding.ASCII.GetString(channel), url, aid, Encoding.ASCII.GetString(path));
        return true;
    }

    /// <summary><c>utc</c> and <c>lutc</c>: absent, empty or 0..<see cref="QueryValues.MaxUnixSeconds"/> (as the handler's <see cref="QueryValues.TryOptionalLong"/>).</summary>
    private static bool TryReadQuery(ReadOnlySpan<byte> query, out long? utc, out string? aid)
    {
        utc = null;
        aid = null;
        ReadOnlySpan<byte> utcText = default, lutcText = default, aidText = default;
        var seen = 0;
        var pieces = new PlainQuery(query);
        while (pieces.MoveNext())
        {
            var bit = Ascii.EqualsIgnoreCase(pieces.Name, "utc"u8) ? 1 : Ascii.EqualsIgnoreCase(pieces.Name, "lutc"u8) ? 2
                : Ascii.EqualsIgnoreCase(pieces.Name, "aid"u8) ? 4 : 0;
            if ((seen & bit) != 0)
            {
                return false; // twice: a 400 for utc/lutc, "a,b" for aid; Kestrel's either way
            }

            seen |= bit;
            switch (bit)
            {
                case 1: utcText = pieces.Value; break;
                case 2: lutcText = pieces.Value; break;
                case 4: aidText = pieces.Value; break;
            }
        }

        if (pieces.Malformed
            || !TsQuery.TryLong(utcText, out utc) || utc is < 0 or > QueryValues.MaxUnixSeconds
            || !TsQuery.TryLong(lutcText, out var lutc) || lutc is < 0 or > QueryValues.MaxUnixSeconds)
        {
            return false;
        }

        aid = aidText.IsEmpty ? null : Encoding.ASCII.GetString(aidText);
        return true;
    }
}
