using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace MicroPvr.Server.Tests.JsonRpc;

/// <summary>Talks to the API over raw TCP exactly as the real clients do (compat spec §5).</summary>
public static class RawClient
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The middleware's python jsonrpctcp client: a connection per call, the request with no
    /// terminator and no half-close, then 1024-byte reads until a chunk is shorter than 1024 bytes
    /// or the server closes.
    /// </summary>
    public static async Task<string> CallLikeJsonRpcTcpAsync(IPEndPoint server, string request)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(server, cts.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), SocketFlags.None, cts.Token);
        var answer = new MemoryStream();
        var chunk = new byte[1024];
        while (true)
        {
            var n = await socket.ReceiveAsync(chunk, SocketFlags.None, cts.Token);
            answer.Write(chunk, 0, n);
            if (n < chunk.Length)
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }

    /// <summary>`echo '...' | nc host port`: newline-terminated text, then read until the server closes.</summary>
    public static async Task<string> CallLikeNcAsync(IPEndPoint server, string text)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(server, cts.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text + "\n"), SocketFlags.None, cts.Token);
        return await ReadToCloseAsync(socket, cts.Token);
    }

    public static async Task<string> ReadToCloseAsync(Socket socket, CancellationToken ct)
    {
        var answer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await socket.ReceiveAsync(chunk, SocketFlags.None, ct)) > 0)
        {
            answer.Write(chunk, 0, n);
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }

    /// <summary>Splits answers written back to back ("}{" or "}\n{") into JSON values.</summary>
    public static List<JsonNode> ParseAll(string text)
    {
        var values = new List<JsonNode>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var offset = 0;
        while (true)
        {
            while (offset < bytes.Length && bytes[offset] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                offset++;
            }

            if (offset == bytes.Length)
            {
                return values;
            }

            var reader = new System.Text.Json.Utf8JsonReader(bytes.AsSpan(offset), new System.Text.Json.JsonReaderOptions { AllowMultipleValues = true });
            values.Add(JsonNode.Parse(ref reader)!);
            offset += (int)reader.BytesConsumed;
        }
    }

    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }
}
