using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// An HTTP/1.x client that sends exactly the bytes it is given (pipelining, split heads, HTTP/1.0,
/// raw paths) and reads answers one by one off one connection: bodies by Content-Length or
/// chunked, none for HEAD. Every read has a deadline.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawHttpConnection(Socket socket) => _socket = socket;

    public static async Task<RawHttpConnection> OpenAsync(int port, int? receiveBuffer = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new RawHttpConnection(socket);
    }

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    /// <summary>One answer: status line, header fields in order, body.</summary>
    public async Task<RawHttpResponse> ReadResponseAsync(bool head = false)
    {
        using var cts = new CancellationTokenSource(Patience);
        var statusLine = await ReadLineAsync(cts.Token) ?? throw new IOException("connection closed before an answer");
        var headers = new List<KeyValuePair<string, string>>();
        while (await ReadLineAsync(cts.Token) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        var response = new RawHttpResponse(statusLine, headers, []);
        var status = response.Status;
        if (head || status is 204 or 304 or (>= 100 and < 200))
        {
            return response;
        }

        if (response.Header("Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var body = new MemoryStream();
            while (true)
            {
                var sizeLine = await ReadLineAsync(cts.Token) ?? throw new IOException("connection closed in a chunk size");
                var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (await ReadLineAsync(cts.Token) is { Length: > 0 })
                    {
                    }

                    return response with { Body = body.ToArray() };
                }

                body.Write(await ReadExactlyAsync(size, cts.Token));
                await ReadLineAsync(cts.Token);
            }
        }

        var length = long.Parse(response.Header("Content-Length") ?? "0", CultureInfo.InvariantCulture);
        return response with { Body = await ReadExactlyAsync((int)length, cts.Token) };
    }

    /// <summary>Reads up to <paramref name="count"/> body bytes (fewer when the server closes first).</summary>
    public async Task<byte[]> ReadUpToAsync(int count, CancellationToken ct)
    {
        using var body = new MemoryStream();
        while (body.Length < count)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                break;
            }

            var take = Math.Min(count - (int)body.Length, _end - _start);
            body.Write(_buffer, _start, take);
            _start += take;
        }

        return body.ToArray();
    }

    /// <summary>
    /// After <see cref="ReadResponseAsync"/> with head: true of a chunked answer: up to
    /// <paramref name="count"/> bytes of its de-chunked body (fewer when the body ends first).
    /// </summary>
    public async Task<byte[]> ReadChunkedUpToAsync(int count, CancellationToken ct)
    {
        using var body = new MemoryStream();
        while (body.Length < count)
        {
            var sizeLine = await ReadLineAsync(ct) ?? throw new IOException("connection closed in a chunk size");
            var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            var take = Math.Min(size, count - (int)body.Length);
            body.Write(await ReadExactlyAsync(take, ct));
            if (take < size)
            {
                break; // mid-chunk: the caller only wanted this much
            }

            await ReadLineAsync(ct);
        }

        return body.ToArray();
    }

    /// <summary>True when the server closes the connection (end of stream) within the deadline.</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        try
        {
            return _start == _end && !await FillAsync(cts.Token);
        }
        catch (SocketException)
        {
            return true; // reset: closed as well
        }
    }

    /// <summary>Hangs up with a reset (SO_LINGER 0), as a player that is killed mid-download.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken ct)
    {
        var bytes = await ReadUpToAsync(count, ct);
        return bytes.Length == count ? bytes : throw new IOException($"connection closed after {bytes.Length} of {count} body bytes");
    }

    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                return line.Length == 0 ? null : throw new IOException("connection closed inside a line");
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)b);
        }
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        _start = 0;
        _end = await _socket.ReceiveAsync(_buffer, SocketFlags.None, ct);
        return _end > 0;
    }
}
