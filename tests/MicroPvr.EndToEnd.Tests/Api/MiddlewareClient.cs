using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace MicroPvr.EndToEnd.Tests.Api;

/// <summary>
/// Calls the daemon's API exactly as the middleware's python jsonrpctcp client does (compat spec
/// §5): a connection per call, no terminator, no half-close, 1024-byte reads until a short chunk
/// or the close. With <c>newline</c>, as `echo ... | nc` does (read until the close).
/// </summary>
internal static class MiddlewareClient
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<JsonNode> CallAsync(int port, string method, string? parameters = null, bool newline = false)
    {
        var request = parameters is null
            ? $$"""{"jsonrpc":"2.0","method":"{{method}}","id":1}"""
            : $$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{parameters}},"id":1}""";
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(newline ? request + "\n" : request), SocketFlags.None, cts.Token);
        var answer = new MemoryStream();
        var chunk = new byte[1024];
        while (true)
        {
            var n = await socket.ReceiveAsync(chunk, SocketFlags.None, cts.Token);
            answer.Write(chunk, 0, n);
            if (n == 0 || (!newline && n < chunk.Length))
            {
                break;
            }
        }

        return JsonNode.Parse(answer.ToArray())!;
    }

    /// <summary>Polls until the API port accepts connections.</summary>
    public static async Task WaitListeningAsync(int port)
    {
        using var cts = new CancellationTokenSource(Deadline);
        while (true)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cts.Token);
            }
        }
    }
}
