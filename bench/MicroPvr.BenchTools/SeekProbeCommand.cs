using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MicroPvr.BenchTools;

/// <summary>
/// `seek-probe`: random seeks into an archive, one new connection per request as a player makes
/// them, sequentially. For `/ts?channel_id&amp;timestamp` the time to the first response byte
/// (what curl calls time_starttransfer); for JSON-RPC `get_file_and_offset` the time to the
/// whole answer (its closing newline; compat spec §5). Prints p50/p90/p99/max.
/// A request that fails (not HTTP 200, JSON-RPC error) is counted and reported, never timed.
/// </summary>
public static class SeekProbeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args);
        var httpPort = (int)a.WholeNumber("http-port");
        var rpcPort = (int)a.WholeNumber("rpc-port");
        var channels = (int)a.WholeNumber("channels");
        var from = a.WholeNumber("from");
        var to = a.WholeNumber("to");
        var count = (int)a.WholeNumber("count");
        var random = new Random((int)a.WholeNumber("seed", 42));
        var kinds = a.Text("kinds", "ts,rpc");
        var doTs = kinds.Contains("ts", StringComparison.Ordinal);
        var doRpc = kinds.Contains("rpc", StringComparison.Ordinal);

        // Warm-up: the first requests pay for JIT and connection pools on both sides.
        for (var i = 0; i < 10; i++)
        {
            if (doTs)
            {
                await TimeFirstByteAsync(httpPort, 1 + random.Next(channels), from + random.NextInt64(to - from));
            }

            if (doRpc)
            {
                await TimeRpcAsync(rpcPort, 1 + random.Next(channels), from + random.NextInt64(to - from));
            }
        }

        var ts = new Percentiles();
        var rpc = new Percentiles();
        int tsFailures = 0, rpcFailures = 0;
        string? firstFailure = null;
        for (var i = 0; i < count; i++)
        {
            var channel = 1 + random.Next(channels);
            if (doTs)
            {
                var (tsMs, tsError) = await TimeFirstByteAsync(httpPort, channel, from + random.NextInt64(to - from));
                if (tsError is null)
                {
                    ts.Add(tsMs);
                }
                else
                {
                    tsFailures++;
                    firstFailure ??= tsError;
                }
            }

            if (doRpc)
            {
                var (rpcMs, rpcError) = await TimeRpcAsync(rpcPort, channel, from + random.NextInt64(to - from));
                if (rpcError is null)
                {
                    rpc.Add(rpcMs);
                }
                else
                {
                    rpcFailures++;
                    firstFailure ??= rpcError;
                }
            }
        }

        if (doTs)
        {
            ts.Print("seek.ts_ttfb");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE seek.ts_ttfb.failures {tsFailures} requests"));
        }

        if (doRpc)
        {
            rpc.Print("seek.get_file_and_offset");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE seek.get_file_and_offset.failures {rpcFailures} requests"));
        }

        if (firstFailure is not null)
        {
            Console.WriteLine($"# first failure: {firstFailure}");
        }

        return (!doTs || ts.Count > 0) && (!doRpc || rpc.Count > 0) ? 0 : 1;
    }

    private static async Task<(double Ms, string? Error)> TimeFirstByteAsync(int port, int channel, long timestamp)
    {
        var request = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"GET /ts?channel_id={channel}&timestamp={timestamp} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        var buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        await socket.SendAsync(request);
        var n = await socket.ReceiveAsync(buffer);
        var ms = clock.Elapsed.TotalMilliseconds;
        if (n <= 0)
        {
            return (ms, $"/ts channel {channel} t {timestamp}: connection closed without an answer");
        }

        // The status line is in the first bytes: "HTTP/1.1 200 ...".
        var head = Encoding.ASCII.GetString(buffer, 0, Math.Min(n, 64));
        return head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) || head.StartsWith("HTTP/1.0 200", StringComparison.Ordinal)
            ? (ms, null)
            : (ms, $"/ts channel {channel} t {timestamp}: {head.Split('\r')[0]}");
    }

    private static async Task<(double Ms, string? Error)> TimeRpcAsync(int port, int channel, long timestamp)
    {
        var request = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"get_file_and_offset\",\"params\":{{\"channel_id\":{channel},\"timestamp\":{timestamp}}}}}\n"));
        var buffer = new byte[8192];
        var clock = Stopwatch.StartNew();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        await socket.SendAsync(request);
        // The answer is one JSON value and a newline; the server then lingers a moment for another
        // request before it closes, so the time is taken at the newline, not at the close.
        var filled = 0;
        int n;
        while ((n = await socket.ReceiveAsync(buffer.AsMemory(filled))) > 0)
        {
            filled += n;
            if (filled == buffer.Length || buffer.AsSpan(filled - n, n).Contains((byte)'\n'))
            {
                break;
            }
        }

        var ms = clock.Elapsed.TotalMilliseconds;
        try
        {
            using var answer = JsonDocument.Parse(buffer.AsMemory(0, filled));
            return answer.RootElement.TryGetProperty("result", out var result) && result.TryGetProperty("file", out _)
                ? (ms, null)
                : (ms, $"get_file_and_offset channel {channel} t {timestamp}: {Encoding.UTF8.GetString(buffer, 0, Math.Min(filled, 200))}");
        }
        catch (JsonException)
        {
            return (ms, $"get_file_and_offset channel {channel} t {timestamp}: not JSON: {Encoding.UTF8.GetString(buffer, 0, Math.Min(filled, 200))}");
        }
    }
}
