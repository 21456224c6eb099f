using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroPvr.Control;

/// <summary>
/// A JSON-RPC 2.0 client over plain TCP, as the daemon expects (compat spec §5): one connection
/// per call; the answer ends when it parses as one complete JSON value or the server closes.
/// </summary>
public sealed class RpcClient(string host, int port, TimeSpan timeout)
{
    private static int _nextId;

    /// <summary>Sends one request and returns the raw answer text and its parsed form.</summary>
    public async Task<(string Text, JsonObject Answer)> CallAsync(string method, JsonObject parameters, CancellationToken ct = default)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = method,
            ["params"] = parameters.DeepClone(),
            ["id"] = Interlocked.Increment(ref _nextId),
        };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cts.Token);
        }
        catch (SocketException ex)
        {
            throw new ControlException(ExitCodes.Unreachable, $"cannot connect to micropvr at {host}:{port}: {Describe(ex)}", ex);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ControlException(ExitCodes.Unreachable, $"cannot connect to micropvr at {host}:{port}: no answer within {timeout.TotalSeconds:0} s");
        }

        var text = await ExchangeAsync(client.GetStream(), Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), cts.Token, ct);
        if (text.Length == 0)
        {
            throw new ControlException(ExitCodes.Unreachable,
                $"micropvr at {host}:{port} closed the connection without answering (address not in json-rpc-allow, or connection limit reached?)");
        }

        try
        {
            return (text, JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object"));
        }
        catch (JsonException ex)
        {
            throw new ControlException(ExitCodes.BadAnswer, $"micropvr at {host}:{port} answered something that is not a JSON-RPC response: {Truncate(text)}", ex);
        }
    }

    private async Task<string> ExchangeAsync(NetworkStream stream, byte[] request, CancellationToken timeoutToken, CancellationToken callerToken)
    {
        var received = new MemoryStream();
        var chunk = new byte[16384];
        try
        {
            await stream.WriteAsync(request, timeoutToken);
            int n;
            while ((n = await stream.ReadAsync(chunk, timeoutToken)) > 0)
            {
                received.Write(chunk, 0, n);
                if (IsCompleteJson(received.GetBuffer().AsSpan(0, (int)received.Length)))
                {
                    break;
                }
            }
        }
        catch (IOException ex) when (received.Length == 0 && ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
        {
            // The daemon closed before reading the request (json-rpc-allow, connection cap): the
            // kernel answers the unread bytes with a reset, or the write meets a closed socket.
            // That is the same "closed without answering" as a clean close, not a network fault.
            return string.Empty;
        }
        catch (IOException ex)
        {
            if (received.Length == 0)
            {
                throw new ControlException(ExitCodes.Unreachable, $"connection to micropvr at {host}:{port} failed: {ex.Message}", ex);
            }
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw new ControlException(ExitCodes.Unreachable, $"micropvr at {host}:{port} did not answer within {timeout.TotalSeconds:0} s");
        }

        return Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
    }

    /// <summary>True once the bytes hold one complete top-level object or array.</summary>
    public static bool IsCompleteJson(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: stop reading, the parser reports it.
            return true;
        }

        return false;
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused (is micropvr running, with json-rpc-enabled true, on this port?)",
        SocketError.HostNotFound or SocketError.NoData => "unknown host",
        SocketError.TimedOut => "timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "host unreachable",
        _ => ex.Message,
    };

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
