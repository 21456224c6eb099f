using System.Text.Json.Nodes;
using MicroPvr.Core.Storage;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary><c>http-sendfile: false</c>: Kestrel answers every /pvr request (the fast path is not installed).</summary>
public sealed class ZeroCopyDisabledTests
{
    [Fact]
    public async Task With_http_sendfile_off_kestrel_serves_pvr_files_alone()
    {
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?> { ["http-sendfile"] = false });
        var bytes = await File.ReadAllBytesAsync(Fixtures.H264Aac);
        var dir = Directory.CreateDirectory(Path.Combine(daemon.RecordsDir, "ch_3")).FullName;
        var path = Path.Combine(dir, $"c3_t{DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600}_1.ts");
        await File.WriteAllBytesAsync(path, bytes);
        var nickname = DirectoryNickname.Compute(daemon.RecordsDir);
        var links = Directory.CreateDirectory(Path.Combine(daemon.RootDir, "links")).FullName;
        if (!Path.Exists(Path.Combine(links, nickname)))
        {
            File.CreateSymbolicLink(Path.Combine(links, nickname), daemon.RecordsDir);
        }

        var url = $"/pvr/{nickname}/ch_3/{Path.GetFileName(path)}";
        await using var connection = await RawHttpConnection.OpenAsync(daemon.HttpPort);
        await connection.SendAsync($"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=188-375\r\n\r\nGET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        Assert.Equal(bytes.AsSpan(188, 188).ToArray(), (await connection.ReadResponseAsync()).Body);
        Assert.Equal(bytes, (await connection.ReadResponseAsync()).Body);
        await connection.SendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        await connection.ReadResponseAsync();

        // With the fast path on, this connection would be handed over after 2 answers (7120,
        // written within milliseconds: ZeroCopyDeliveryTests waits for it the same way).
        for (var deadline = DateTime.UtcNow.AddSeconds(2); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            Assert.DoesNotContain("(7120)", daemon.LogText, StringComparison.Ordinal);
        }
    }
}
