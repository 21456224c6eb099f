using System.Text;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// Reads an HTTP/1.x request head (RFC 9112 §2-§5) and decides whether the zero-copy fast path
/// answers it. It is deliberately narrow: whatever it does not fully understand is
/// <see cref="HeadParseStatus.HandOver"/>, so that Kestrel (which sees the same bytes, nothing is
/// consumed) gives its usual answer — 400 for a malformed request, 405, 431, a redirect... The
/// parser never answers an error itself and never throws on any input.
/// </summary>
internal static class RequestHeadParser
{
    /// <summary>Kestrel's default MaxRequestHeaderCount: more headers are Kestrel's (431).</summary>
    private const int MaxHeaderCount = 100;

    /// <summary>Parses the start of <paramref name="data"/> (the unread bytes of the connection).</summary>
    /// <param name="maxRequestLine">Kestrel's MaxRequestLineSize: a longer request line is handed over.</param>
    /// <param name="maxHeaders">Kestrel's MaxRequestHeadersTotalSize: larger header lines are handed over.</param>
    public static HeadParseStatus Parse(ReadOnlySpan<byte> data, int maxRequestLine, int maxHeaders, out RequestHead head)
    {
        head = default;
        var method = data.Length > 0 && data[0] == (byte)'H' ? "HEAD "u8 : "GET "u8;
        // Any path may be a player URL (/CHANNEL/FILE): the request line tells.
        if (!StartsLike(data, method, "/"u8))
        {
            return HeadParseStatus.HandOver;
        }

        // The request line decides as soon as it is complete: a request that is not ours goes to
        // Kestrel at once, without waiting for the rest of its head.
        var lineEnd = data.IndexOf("\r\n"u8);
        bool isHead = false, http10 = false;
        string nickname = "", file = "";
        TsQuery? ts = null;
        PlayerRequest? player = null;
        if (lineEnd >= 0 && (lineEnd > maxRequestLine
            || !TryParseRequestLine(data[..lineEnd], out isHead, out nickname, out file, out http10, out ts, out player)))
        {
            return HeadParseStatus.HandOver;
        }

        var end = data.IndexOf("\r\n\r\n"u8);
        if (lineEnd < 0 || end < 0)
        {
            return data.Length > maxRequestLine + maxHeaders + 4 ? HeadParseStatus.HandOver : HeadParseStatus.Incomplete;
        }

        if (end - lineEnd > maxHeaders)
        {
            return HeadParseStatus.HandOver;
        }

        var fields = new HeaderFields();
        var rest = data[(lineEnd + 2)..(end + 2)];
        var count = 0;
        while (!rest.IsEmpty)
        {
            var next = rest.IndexOf("\r\n"u8);
            if (++count > MaxHeaderCount || !fields.TryAdd(rest[..next]))
            {
                return HeadParseStatus.HandOver;
            }

            rest = rest[(next + 2)..];
        }

        // RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host (Kestrel answers 400 otherwise).
        if ((!http10 && fields.HostCount != 1) || fields.HostCount > 1)
        {
            return HeadParseStatus.HandOver;
        }

        // RFC 9112 §9.3: 1.1 is persistent unless "close"; 1.0 only with "keep-alive" (as Kestrel).
        var keepAlive = !fields.Close && (!http10 || fields.KeepAlive);
        if ((ts is not null || player is { IsStream: true }) && http10 && keepAlive)
        {
            // A stream has no length: Kestrel closes such a 1.0 connection in its own way; let it.
            return HeadParseStatus.HandOver;
        }

        head = new RequestHead(isHead, http10, keepAlive, nickname, file, fields.Range, end + 4, ts, player);
        return HeadParseStatus.Parsed;
    }

    /// <summary>Whether <paramref name="data"/> starts with (or, being shorter, is the start of) method + path.</summary>
    private static bool StartsLike(ReadOnlySpan<byte> data, ReadOnlySpan<byte> method, ReadOnlySpan<byte> path)
    {
        var m = Math.Min(method.Length, data.Length);
        if (!data[..m].SequenceEqual(method[..m]))
        {
            return false;
        }

        var rest = data[m..];
        var p = Math.Min(path.Length, rest.Length);
        return rest[..p].SequenceEqual(path[..p]);
    }

    /// <summary>
    /// <c>METHOD SP /ts?QUERY SP HTTP/1.x</c> with a plain query (<see cref="TsQuery.TryRead"/>), or
    /// <c>METHOD SP /CHANNEL/FILE[?query] SP HTTP/1.x</c> of a player MPEG-TS URL (<see cref="PlayerRequest.TryRead"/>), or
    /// <c>METHOD SP /pvr/NICK/FILE[?query] SP HTTP/1.x</c> with a path made only of unreserved
    /// characters and slashes: a percent-escape, a dot segment or anything unusual is handed over,
    /// because Kestrel decodes and normalises such paths before routing (RFC 3986 §5.2.4).
    /// </summary>
    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out bool isHead, out string nickname, out string file, out bool http10, out TsQuery? ts, out PlayerRequest? player)
    {
        player = null;
        isHead = line[0] == (byte)'H';
        nickname = file = "";
        http10 = false;
        ts = null;
        var target = line[(isHead ? 5 : 4)..];
        var space = target.IndexOf((byte)' ');
        if (space < 0)
        {
            return false;
        }

        var version = target[(space + 1)..];
        target = target[..space];
        if (version.SequenceEqual("HTTP/1.0"u8))
        {
            http10 = true;
        }
        else if (!version.SequenceEqual("HTTP/1.1"u8))
        {
            return false;
        }

        if (target.StartsWith("/ts?"u8))
        {
            // compat spec §6 /ts: the query is the request (a plain one, or Kestrel's).
            if (!TsQuery.TryRead(target["/ts?".Length..], out var read))
            {
                return false;
            }

            ts = read;
            return true;
        }

        if (!target.StartsWith("/pvr/"u8))
        {
            // compat spec §11 player URLs that stream MPEG-TS (PlayerRequest.TryRead), or Kestrel's.
            return PlayerRequest.TryRead(target, out player);
        }

        var query = target.IndexOf((byte)'?');
        if (query >= 0)
        {
            // The query is not used by /pvr (as on the Kestrel path); it must still be plain text.
            foreach (var b in target[(query + 1)..])
            {
                if (b is < 0x21 or > 0x7E or (byte)'#')
                {
                    return false;
                }
            }

            target = target[..query];
        }

        var path = target["/pvr/".Length..];
        foreach (var b in path)
        {
            if (!IsPathByte(b))
            {
                return false;
            }
        }

        var slash = path.IndexOf((byte)'/');
        if (slash <= 0 || slash == path.Length - 1)
        {
            return false;
        }

        for (var segments = path; !segments.IsEmpty;)
        {
            var next = segments.IndexOf((byte)'/');
            var segment = next < 0 ? segments : segments[..next];
            if (segment.SequenceEqual("."u8) || segment.SequenceEqual(".."u8))
            {
                return false;
            }

            segments = next < 0 ? [] : segments[(next + 1)..];
        }

        nickname = Encoding.ASCII.GetString(path[..slash]);
        file = Encoding.ASCII.GetString(path[(slash + 1)..]);
        return true;
    }

    /// <summary>RFC 3986 §2.3 unreserved characters and the path separator.</summary>
    private static bool IsPathByte(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)'/';

    /// <summary>RFC 9110 §5.6.2 tchar.</summary>
    internal static bool IsTokenByte(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
            or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';

    /// <summary>Field value bytes we accept: visible ASCII, space and tab (RFC 9110 §5.5, no obs-text).</summary>
    internal static bool IsValueByte(byte b) => b is (>= 0x20 and <= 0x7E) or (byte)'\t';
}
