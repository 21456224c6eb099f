using System.Globalization;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// The status line and header fields of a fast-path answer, byte for byte what Kestrel and
/// ASP.NET's file result send on the <c>/pvr</c> path today (same fields, same order), so a
/// client cannot tell which path answered (RFC 9110 §15, §14.3-§14.4; RFC 9112 §9.3).
/// </summary>
internal static class ResponseHead
{
    /// <summary>Enough for the longest head below (status line, six short fields, two 19-digit numbers).</summary>
    public const int MaxLength = 512;

    /// <summary>200, 206 or 416 for a file of <paramref name="fileLength"/> bytes; the body is [start, start+count).</summary>
    public static int WriteFile(Span<byte> buffer, RangeOutcome outcome, long start, long count, long fileLength,
        ReadOnlySpan<byte> contentType, ConnectionOptions connection, ReadOnlySpan<byte> date, bool serverHeader)
    {
        var w = new HeadWriter(buffer);
        w.Append(outcome switch
        {
            RangeOutcome.Whole => "HTTP/1.1 200 OK\r\n"u8,
            RangeOutcome.Partial => "HTTP/1.1 206 Partial Content\r\n"u8,
            _ => "HTTP/1.1 416 Range Not Satisfiable\r\n"u8,
        });
        w.Append("Content-Length: "u8);
        w.Append(outcome == RangeOutcome.Unsatisfiable ? 0 : count);
        w.Append("\r\n"u8);
        WriteConnection(ref w, connection);
        w.Append("Content-Type: "u8);
        w.Append(contentType);
        w.Append("\r\n"u8);
        WriteDateAndServer(ref w, date, serverHeader);
        w.Append("Accept-Ranges: bytes\r\n"u8);
        if (outcome == RangeOutcome.Partial)
        {
            w.Append("Content-Range: bytes "u8);
            w.Append(start);
            w.Append("-"u8);
            w.Append(start + count - 1);
            w.Append("/"u8);
            w.Append(fileLength);
            w.Append("\r\n"u8);
        }
        else if (outcome == RangeOutcome.Unsatisfiable)
        {
            w.Append("Content-Range: bytes */"u8);
            w.Append(fileLength);
            w.Append("\r\n"u8);
        }

        w.Append("\r\n"u8);
        return w.Length;
    }

    /// <summary>404 as Kestrel sends it for Results.NotFound(): no body, no type.</summary>
    /// <remarks>
    /// An answer to HEAD has no Content-Length: Kestrel adds "Content-Length: 0" only to an empty
    /// answer that has a body (RFC 9110 §8.6 lets a HEAD answer omit it).
    /// </remarks>
    public static int WriteNotFound(Span<byte> buffer, ConnectionOptions connection, ReadOnlySpan<byte> date, bool serverHeader, bool head = false) =>
        WriteEmpty(buffer, "HTTP/1.1 404 Not Found\r\n"u8, connection, date, serverHeader, head);

    /// <summary>400 as Kestrel sends it when a handler sets the status and writes nothing.</summary>
    public static int WriteBadRequest(Span<byte> buffer, ConnectionOptions connection, ReadOnlySpan<byte> date, bool serverHeader, bool head) =>
        WriteEmpty(buffer, "HTTP/1.1 400 Bad Request\r\n"u8, connection, date, serverHeader, head);

    /// <summary>
    /// 200 <c>video/mp2t</c> of a <c>/ts</c> stream as Kestrel sends it: chunked on HTTP/1.1
    /// (<paramref name="chunked"/>; RFC 9112 §7.1), otherwise no framing at all and the connection
    /// closes at the end (HTTP/1.0, RFC 9112 §6.3 item 8). A HEAD answer has neither.
    /// </summary>
    /// <param name="noStore">A player URL's stream: <c>Cache-Control: no-store</c> (what the player URL handler sets).</param>
    public static int WriteStream(Span<byte> buffer, ConnectionOptions connection, bool chunked, ReadOnlySpan<byte> date, bool serverHeader, bool noStore = false)
    {
        var w = new HeadWriter(buffer);
        w.Append("HTTP/1.1 200 OK\r\n"u8);
        WriteConnection(ref w, connection);
        w.Append("Content-Type: video/mp2t\r\n"u8);
        WriteDateAndServer(ref w, date, serverHeader);
        if (noStore)
        {
            w.Append("Cache-Control: no-store\r\n"u8);
        }

        if (chunked)
        {
            w.Append("Transfer-Encoding: chunked\r\n"u8);
        }

        w.Append("\r\n"u8);
        return w.Length;
    }

    /// <summary>
    /// 200 of a player segment URL (<c>/CH/seg-RECORD-OFFSET-LENGTH.ts</c>) as the player URL handler
    /// sends it: <paramref name="length"/> bytes of <c>video/mp2t</c> that never change once listed
    /// (<c>Cache-Control: max-age=86400</c>), no byte ranges.
    /// </summary>
    public static int WriteSegment(Span<byte> buffer, long length, ConnectionOptions connection, ReadOnlySpan<byte> date, bool serverHeader)
    {
        var w = new HeadWriter(buffer);
        w.Append("HTTP/1.1 200 OK\r\nContent-Length: "u8);
        w.Append(length);
        w.Append("\r\n"u8);
        WriteConnection(ref w, connection);
        w.Append("Content-Type: video/mp2t\r\n"u8);
        WriteDateAndServer(ref w, date, serverHeader);
        w.Append("Cache-Control: max-age=86400\r\n\r\n"u8);
        return w.Length;
    }

    /// <summary>A chunk-size line (RFC 9112 §7.1: hexadecimal, CRLF) at <paramref name="buffer"/>'s start.</summary>
    public static int WriteChunkSize(Span<byte> buffer, int size)
    {
        if (!size.TryFormat(buffer, out var written, "x", CultureInfo.InvariantCulture) || written + 2 > buffer.Length)
        {
            throw new InvalidOperationException("chunk-size buffer too small");
        }

        buffer[written] = (byte)'\r';
        buffer[written + 1] = (byte)'\n';
        return written + 2;
    }

    private static int WriteEmpty(Span<byte> buffer, ReadOnlySpan<byte> statusLine, ConnectionOptions connection, ReadOnlySpan<byte> date, bool serverHeader, bool head)
    {
        var w = new HeadWriter(buffer);
        w.Append(statusLine);
        if (!head)
        {
            w.Append("Content-Length: 0\r\n"u8);
        }

        WriteConnection(ref w, connection);
        WriteDateAndServer(ref w, date, serverHeader);
        w.Append("\r\n"u8);
        return w.Length;
    }

    private static void WriteConnection(ref HeadWriter w, ConnectionOptions connection)
    {
        if (!connection.KeepAlive)
        {
            w.Append("Connection: close\r\n"u8);
        }
        else if (connection.Http10)
        {
            w.Append("Connection: keep-alive\r\n"u8);
        }
    }

    private static void WriteDateAndServer(ref HeadWriter w, ReadOnlySpan<byte> date, bool serverHeader)
    {
        w.Append("Date: "u8);
        w.Append(date);
        w.Append("\r\n"u8);
        if (serverHeader)
        {
            w.Append("Server: Kestrel\r\n"u8);
        }
    }

    private ref struct HeadWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Length { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Length..]);
            Length += bytes.Length;
        }

        public void Append(long value)
        {
            if (!value.TryFormat(_buffer[Length..], out var written, default, CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("response head buffer too small");
            }

            Length += written;
        }
    }
}
