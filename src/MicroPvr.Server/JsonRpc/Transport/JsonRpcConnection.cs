using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.JsonRpc.Transport;

/// <summary>
/// One API client connection (compat spec §5). Requests are framed by parsing complete JSON
/// values (no terminator needed; newlines allowed), answered in order, each answer in one write,
/// and the connection is closed once no further request follows: the middleware's client reads
/// until a short chunk or the close, `nc` until the close.
/// </summary>
internal sealed partial class JsonRpcConnection(
    Socket socket,
    JsonRpcDispatcher dispatcher,
    JsonRpcServerLimits limits,
    TimeProvider time,
    ILogger logger)
{
    private const int InitialBufferSize = 4096;
    private static readonly TimeSpan DrainTime = TimeSpan.FromMilliseconds(250);

    private readonly JsonValueFramer _framer = new();
    private byte[] _buffer = [];
    private int _count;

    public async Task RunAsync(CancellationToken ct)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        var context = new JsonRpcCallContext(remote, "tcp");
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            await ServeAsync(context, ct);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            LogConnectionError(logger, remote, ex.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Daemon stopping.
        }
        finally
        {
            await CloseAsync();
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    private async Task ServeAsync(JsonRpcCallContext context, CancellationToken ct)
    {
        var served = false;
        var deadline = time.GetUtcNow() + limits.RequestTimeout;
        while (true)
        {
            var status = await ServeBufferedAsync(context, ct);
            switch (status)
            {
                case ServeStatus.Served:
                    served = true;
                    deadline = time.GetUtcNow() + limits.RequestTimeout;
                    continue;
                case ServeStatus.Invalid:
                    await SendErrorAsync(JsonRpcErrorCodes.ParseError, "Parse error: not JSON", ct);
                    return;
            }

            var pending = status == ServeStatus.Pending;
            if (_count > limits.MaxRequestBytes)
            {
                LogRequestTooLarge(logger, context.Remote, limits.MaxRequestBytes);
                await SendErrorAsync(JsonRpcErrorCodes.RequestTooLarge, $"Request too large: over {limits.MaxRequestBytes} bytes", ct);
                return;
            }

            var wait = served && !pending ? limits.LingerAfterReply : deadline - time.GetUtcNow();
            var received = wait > TimeSpan.Zero ? await ReceiveAsync(wait, ct) : -1;
            if (received > 0)
            {
                _count += received;
                continue;
            }

            if (received < 0)
            {
                // Timed out: idle after an answer is the normal end; a half-sent request is a slow client.
                if (pending || !served)
                {
                    LogClientTimeout(logger, context.Remote, _count);
                    if (pending)
                    {
                        await SendErrorAsync(JsonRpcErrorCodes.RequestTimeout, "Request timeout: incomplete JSON", ct);
                    }
                }

                return;
            }

            // The peer half-closed: answer what can still be answered, then close.
            if (pending && _framer.IsPendingScalar)
            {
                await DispatchAsync(_buffer.AsMemory(0, _count), context, ct);
            }
            else if (pending)
            {
                await SendErrorAsync(JsonRpcErrorCodes.ParseError, "Parse error: incomplete JSON at end of stream", ct);
            }

            return;
        }
    }

    private async ValueTask<ServeStatus> ServeBufferedAsync(JsonRpcCallContext context, CancellationToken ct)
    {
        var status = _framer.Scan(_buffer.AsSpan(0, _count), out var start, out var end);
        switch (status)
        {
            case JsonFrameStatus.Complete:
                var request = _buffer.AsMemory(start, end - start);
                await DispatchAsync(request, context, ct);
                Consume(end);
                return ServeStatus.Served;
            case JsonFrameStatus.Invalid:
                return ServeStatus.Invalid;
            case JsonFrameStatus.Empty:
                // Only whitespace (newlines between requests): drop it.
                _count = 0;
                _framer.Reset();
                return ServeStatus.Idle;
            default:
                return ServeStatus.Pending;
        }
    }

    private async ValueTask DispatchAsync(ReadOnlyMemory<byte> request, JsonRpcCallContext context, CancellationToken ct)
    {
        var answer = await dispatcher.DispatchAsync(request, context, ct);
        if (answer is not null)
        {
            // A trailing newline keeps shell use tidy (`echo ... | nc`); JSON parsers ignore it.
            var line = new byte[answer.Length + 1];
            answer.CopyTo(line, 0);
            line[^1] = (byte)'\n';
            await SendAsync(line, ct);
        }
    }

    private void Consume(int end)
    {
        _buffer.AsSpan(end, _count - end).CopyTo(_buffer);
        _count -= end;
        _framer.Reset();
    }

    /// <summary>Returns the bytes received, 0 at end of stream, -1 on timeout.</summary>
    private async ValueTask<int> ReceiveAsync(TimeSpan timeout, CancellationToken ct)
    {
        EnsureSpace();
        using var timeoutCts = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        try
        {
            var room = Math.Min(_buffer.Length, limits.MaxRequestBytes + 1) - _count;
            return await socket.ReceiveAsync(_buffer.AsMemory(_count, room), SocketFlags.None, linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return -1;
        }
    }

    /// <summary>Grows the buffer (pooled, doubling) up to the request size limit: memory stays bounded.</summary>
    private void EnsureSpace()
    {
        var cap = limits.MaxRequestBytes + 1;
        if (_count < _buffer.Length || _buffer.Length >= cap)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, cap));
        _buffer.AsSpan(0, _count).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private async ValueTask SendAsync(byte[] answer, CancellationToken ct)
    {
        // One write per answer (compat spec §5): the client's short-read rule must not split it.
        var sent = 0;
        while (sent < answer.Length)
        {
            sent += await socket.SendAsync(answer.AsMemory(sent), SocketFlags.None, ct);
        }
    }

    private ValueTask SendErrorAsync(int code, string message, CancellationToken ct)
    {
        var json = $$"""{"jsonrpc":"2.0","error":{"code":{{code}},"message":"{{message}}"},"id":null}""" + "\n";
        return SendAsync(Encoding.UTF8.GetBytes(json), ct);
    }

    /// <summary>
    /// FIN after the last answer, then drain briefly: closing with unread bytes would send a RST
    /// that can destroy the answer before the client reads it.
    /// </summary>
    private async ValueTask CloseAsync()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var drain = new CancellationTokenSource(DrainTime, time);
            var scratch = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                while (await socket.ReceiveAsync(scratch, SocketFlags.None, drain.Token) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    private enum ServeStatus
    {
        Served,
        Pending,
        Idle,
        Invalid,
    }
}
