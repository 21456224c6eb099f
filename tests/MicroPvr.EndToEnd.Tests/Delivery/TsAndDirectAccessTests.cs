using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using MicroPvr.Core.Storage;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// compat spec §6 on the real daemon: <c>/ts</c> from a second inside a growing record, and
/// <c>/pvr/&lt;nickname&gt;/&lt;file&gt;</c> with Range and traversal attempts.
/// </summary>
public sealed class TsAndDirectAccessTests
{
    private const int ChannelId = 7;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Ts_starts_at_the_keyframe_before_the_time_and_pvr_serves_ranges_only_inside_the_record_directory()
    {
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?> { ["task-postpone-time"] = 2 });
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        await CreateTaskAsync(daemon);
        Assert.True(await RecordsOnDisk.WaitAsync(
            () => RecordsOnDisk.Files(daemon.RecordsDir, ChannelId) is [var f] && RecordsOnDisk.IndexedSeconds(f) >= 10, Patience),
            "no 10 s of indexed recording. Output:\n" + daemon.Output);
        var record = RecordsOnDisk.Files(daemon.RecordsDir, ChannelId)[0];
        var index = RecordsOnDisk.Index(record);
        var requested = (index[0].UtcMilliseconds / 1000) + 4;
        var requestedFromFileStart = ((requested * 1000) - index[0].UtcMilliseconds) / 1000.0;

        using var http = new HttpClient { BaseAddress = daemon.HttpBase, Timeout = TimeSpan.FromSeconds(60) };

        // /ts of a growing record: read for a few seconds, then hang up.
        var saved = Path.Combine(daemon.RootDir, "ts.ts");
        using (var response = await http.GetAsync($"ts?channel_id={ChannelId}&timestamp={requested}&aid=e2e", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/mp2t", response.Content.Headers.ContentType?.MediaType);
            await using var body = await response.Content.ReadAsStreamAsync();
            await using var file = File.Create(saved);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(4));
            try
            {
                await body.CopyToAsync(file, cts.Token);
            }
            catch (OperationCanceledException)
            {
                // The record is still growing: the stream follows it until we stop reading.
            }
        }

        var bytes = await File.ReadAllBytesAsync(saved);
        Assert.True(bytes.Length >= 188 * 100, $"only {bytes.Length} bytes streamed");
        Assert.Equal(0x47, bytes[0]);
        Assert.Equal(0, ((bytes[1] & 0x1F) << 8) | bytes[2]); // PID 0: PAT first (ISO/IEC 13818-1 §2.4.4.3)
        await File.WriteAllBytesAsync(saved, bytes.AsSpan(0, bytes.Length / 188 * 188).ToArray());

        var decode = await Ffmpeg.RunAsync(["-v", "error", "-i", saved, "-map", "0:v", "-f", "null", "-"]);
        Assert.True(decode.Succeeded, decode.StandardError);
        Assert.True(string.IsNullOrWhiteSpace(decode.StandardError), decode.StandardError);
        var streamedStart = await FirstVideoTimeAsync(saved);
        var recordStart = await FirstVideoTimeAsync(record);
        var offset = streamedStart - recordStart;
        Assert.True(Math.Abs(offset - requestedFromFileStart) <= 3.0,
            $"first video frame at {offset:F3} s into the record, requested {requestedFromFileStart:F3} s");
        Assert.True(offset <= requestedFromFileStart + 0.1, $"first frame {offset:F3} s is after the requested {requestedFromFileStart:F3} s");

        // Unknown channel, time before the archive, malformed numbers.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"ts?channel_id=999&timestamp={requested}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"ts?channel_id={ChannelId}&timestamp={requested - 3600}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"ts?channel_id={ChannelId}&timestamp=12x")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"ts?channel_id=seven&timestamp={requested}")).StatusCode);

        // /pvr/<nickname>/ch_N/<file>: a byte range equals the file's bytes.
        var nickname = DirectoryNickname.Compute(daemon.RecordsDir);
        var relative = Path.GetRelativePath(daemon.RecordsDir, record);
        using (var ranged = new HttpRequestMessage(HttpMethod.Get, $"pvr/{nickname}/{relative}"))
        {
            ranged.Headers.Range = new RangeHeaderValue(1000, 50_999);
            using var response = await http.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            var got = await response.Content.ReadAsByteArrayAsync();
            var expected = new byte[50_000];
            await using (var original = new FileStream(record, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                original.Position = 1000;
                await original.ReadExactlyAsync(expected);
            }

            Assert.Equal(expected, got);
        }

        // Escapes: dot segments (sent raw, HttpClient would remove them), a symlink pointing out, unknown nickname.
        Assert.Equal(404, await RawStatusAsync(daemon.HttpPort, $"/pvr/{nickname}/../{Path.GetFileName(daemon.ConfigPath)}"));
        Assert.Equal(404, await RawStatusAsync(daemon.HttpPort, $"/pvr/{nickname}/ch_{ChannelId}/../../{Path.GetFileName(daemon.ConfigPath)}"));
        Assert.Equal(404, await RawStatusAsync(daemon.HttpPort, $"/pvr/{nickname}/ch_{ChannelId}/..%2F..%2F{Path.GetFileName(daemon.ConfigPath)}"));
        var link = Path.Combine(daemon.RecordsDir, $"ch_{ChannelId}", "escape.ts");
        File.CreateSymbolicLink(link, daemon.ConfigPath);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"pvr/{nickname}/ch_{ChannelId}/escape.ts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"pvr/0BADF00D/{relative}")).StatusCode);
    }

    private static async Task<double> FirstVideoTimeAsync(string file)
    {
        var probe = await Ffmpeg.ProbeAsync(["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_time", "-of", "csv=p=0", file]);
        Assert.True(probe.Succeeded, probe.StandardError);
        // The stream is listed once per program and once on its own: the first line is enough.
        var first = probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return double.Parse(first, CultureInfo.InvariantCulture);
    }

    /// <summary>Status code of a request whose path is sent exactly as written.</summary>
    private static async Task<int> RawStatusAsync(int port, string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync() ?? "";
        var parts = status.Split(' ');
        return parts.Length >= 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var code) ? code : -1;
    }

    private static async Task CreateTaskAsync(DaemonProcess daemon)
    {
        await new RecordingTask(ChannelId, "Delivery test", daemon.RecordsDir, new Uri(Fixtures.H264Aac).AbsoluteUri + "?loop=1").CreateAsync(daemon.RpcPort);
    }
}
