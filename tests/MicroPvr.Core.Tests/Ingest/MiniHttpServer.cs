using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MicroPvr.Core.Tests.Ingest;

/// <summary>
/// A tiny HTTP/1.1 server on a free loopback port: serves byte resources (mutable during the test,
/// Range supported), or a streaming handler per path. One request per connection.
/// </summary>
internal sealed class MiniHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public MiniHttpServer()
    {
        _listener.Start();
        _accept = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public ConcurrentDictionary<string, byte[]> Resources { get; } = new();

    public ConcurrentDictionary<string, Func<Stream, CancellationToken, Task>> Streams { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    public void SetText(string path, string text) => Resources[path] = Encoding.UTF8.GetBytes(text);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var lines = head.Split("\r\n");
                var path = lines[0].Split(' ')[1];
                Requests.Enqueue(path);
                string? range = null;
                foreach (var l in lines)
                {
                    if (l.StartsWith("Range: bytes=", StringComparison.OrdinalIgnoreCase))
                    {
                        range = l["Range: bytes=".Length..];
                    }
                }

                if (Streams.TryGetValue(path, out var handler))
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nConnection: close\r\n\r\n"), _stop.Token);
                    await handler(stream, _stop.Token);
                    return;
                }

                if (!Resources.TryGetValue(path, out var body))
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                    return;
                }

                var status = "200 OK";
                if (range is not null)
                {
                    var parts = range.Split('-');
                    var from = int.Parse(parts[0]);
                    var to = int.Parse(parts[1]);
                    body = body[from..(to + 1)];
                    status = "206 Partial Content";
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var sb = new StringBuilder();
        var buffer = new byte[1];
        while (!sb.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                break;
            }

            sb.Append((char)buffer[0]);
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
