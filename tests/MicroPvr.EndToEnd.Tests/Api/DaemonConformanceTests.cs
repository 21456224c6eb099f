using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroPvr.Core.Recording;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Api;

/// <summary>
/// Conformance of the real daemon (compat spec §5, §8, issue 4 "Tests"): every method of
/// docs/openrpc.json called as the middleware's jsonrpctcp client does (no terminator, no
/// half-close, short-read end) and through the real `nc`, every documented error code a real
/// daemon can produce, and micropvr_control's functions and failure exits.
/// </summary>
public class DaemonConformanceTests
{
    private const int Channel = 45;
    private const long T0 = 1_700_000_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private enum Kind
    {
        Ok,
        Failed,
        Object,
        Array,
        String,
        Flat,
    }

    /// <summary>A call and what its answer must be: a result kind, or an error code.</summary>
    private sealed record Expect(string Params, Kind? Result = null, int? Error = null, string? Member = null);

    [Fact]
    public async Task Every_method_answers_the_middleware_client_and_nc_and_every_producible_error_code_comes_back()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        var port = daemon.RpcPort;
        var location = daemon.RecordsDir;
        var later = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds();
        var keep = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - T0 + (365 * 86400);
        // A task naming the location (the start-up rebuild scans it) and an archive file for it.
        Assert.Equal("ok", (string)(await MiddlewareClient.CallAsync(port, "create_new_task", NewTask(Channel, later, location, keep)))["result"]!);
        var taskId = (long)(await MiddlewareClient.CallAsync(port, "get_tasks_list"))["result"]!.AsArray()[0]!["task-id"]!;
        Assert.Equal(0, await daemon.StopAsync());
        var record = WriteRecord(location, Channel, T0, taskId, 3600);
        await daemon.StartAgainAsync();
        await MiddlewareClient.WaitListeningAsync(port);

        // (first call, second call with the same request): a repeated creation is refused as documented.
        var table = new Dictionary<string, (Expect First, Expect Again)>
        {
            ["create_new_task"] = (new(NewTask(46, later, location, 0), Kind.Ok), new(NewTask(46, later, location, 0), Error: 101)),
            ["create_task"] = (new(NewTask(47, later, location, 0), Kind.Object, Member: "task-id"), new(NewTask(47, later, location, 0), Error: 101)),
            ["add_task"] = (new(AddTask(48, location), Kind.Ok), new(AddTask(48, location), Kind.Failed)),
            ["add_urgent_task"] = (new(NewTask(49, later, location, 0), Kind.Ok), new(NewTask(49, later, location, 0), Kind.Failed)),
            ["cancel_task"] = Same(new($$"""{"channel_id":48,"record_location":"{{location}}"}""", Kind.Ok)),
            ["cancel_task_by_id"] = Same(new("""{"task_id":999999}""", Kind.Ok)),
            ["get_file_and_offset"] = Same(new($$"""{"channel_id":{{Channel}},"timestamp":{{T0 + 100}},"aid":"conformance"}""", Kind.Object, Member: "offset")),
            ["get_file_offset"] = Same(new($$"""{"channel_id":{{Channel}},"timestamp":{{T0 + 100}}}""", Kind.Flat)),
            ["get_tasks_list"] = Same(new("{}", Kind.Array)),
            ["get_config"] = Same(new("{}", Kind.Object, Member: "json-rpc-listen-port")),
            ["set_config"] = Same(new("""{"config":{"log-verbose-level":4}}""", Kind.Ok)),
            ["get_records"] = Same(new($$"""{"channel_id":{{Channel}}}""", Kind.Array)),
            ["get_records_list"] = Same(new($$"""{"channel_id":{{Channel}}}""", Kind.Array)),
            ["get_playlist_name"] = Same(new($$"""{"channel_id":{{Channel}},"start_timestamp":{{T0 + 60}},"end_timestamp":{{T0 + 600}}}""", Kind.String)),
            ["is_alive"] = Same(new("{}", Kind.Object, Member: "is_alive")),
            ["get_request_counter"] = Same(new("{}", Kind.Object, Member: "overall")),
            ["get_channel_list"] = Same(new("{}", Kind.Array)),
            ["get_all"] = Same(new("{}", Kind.Object, Member: "mount_points")),
            ["delete_records"] = Same(new("""{"timestamp":1000,"channel_id":46}""", Kind.Object, Member: "deleted")),
            ["delete_records_days"] = Same(new("""{"ndays":1,"channel_id":46}""", Kind.Object, Member: "deleted")),
            ["get_recording_status"] = Same(new($$"""{"channel_id":{{Channel}},"from":{{T0}},"to":{{T0 + 7200}}}""", Kind.Array)),
            ["lock_range"] = Same(new($$"""{"channel_id":{{Channel}},"from":{{T0}},"to":{{T0 + 60}}}""", Kind.Object, Member: "id")),
            ["unlock_range"] = Same(new($$"""{"channel_id":{{Channel}},"from":{{T0}},"to":{{T0 + 60}}}""", Kind.Object, Member: "removed")),
            ["get_locks"] = Same(new("{}", Kind.Array)),
        };
        Assert.Equal(DocumentedMethods().Order(), table.Keys.Order());

        foreach (var (method, (first, again)) in table)
        {
            Check(method, first, await MiddlewareClient.CallAsync(port, method, first.Params));
            Check(method, again, await NcAsync(port, Request(method, again.Params)));
        }

        // The results are the real ones, not just the right shapes.
        var found = (await MiddlewareClient.CallAsync(port, "get_file_and_offset", $$"""{"channel_id":{{Channel}},"timestamp":{{T0 + 100}}}"""))["result"]!;
        Assert.Equal(record, (string)found["file"]!);
        Assert.Equal(T0 + 100, (long)found["timestamp"]!);
        Assert.Equal((100 * 18800L).ToString(CultureInfo.InvariantCulture), (string)found["offset"]!);

        // Every documented code the real daemon can produce (201, 222 and 223 cannot be provoked
        // from outside a healthy daemon: see JsonRpcMethodTests and ConfigServiceTests).
        Assert.Equal(100, await ErrorAsync(port, "cancel_task_by_id", null));
        Assert.Equal(101, await ErrorAsync(port, "create_new_task", """{"channel_id":"abc"}"""));
        Assert.Equal(140, await ErrorAsync(port, "create_new_task", NewTask(50, later, location, 0)[..^1] + ""","repeat_period":600}"""));
        Assert.Equal(141, await ErrorAsync(port, "create_new_task", NewTask(50, 1_000_000_000, location, 0)));
        Assert.Equal(200, await ErrorAsync(port, "get_file_and_offset", """{"channel_id":999,"timestamp":1498201200}"""));
        Assert.Equal(-32602, await ErrorAsync(port, "lock_range", """{"channel_id":1}"""));
        Assert.Equal(-32601, await ErrorAsync(port, "get_everything", "{}"));
        Assert.Equal(-32600, (int)(await RawAsync(port, """{"jsonrpc":"2.0","id":1}"""))["error"]!["code"]!);
        Assert.Equal(-32700, (int)(await RawAsync(port, """{"jsonrpc":"2.0","method":}"""))["error"]!["code"]!);

        // 221: the atomic rewrite cannot create its temp file (a directory is in the way).
        var temp = $"{daemon.ConfigPath}.tmp.{daemon.Process.Id}";
        Directory.CreateDirectory(temp);
        Assert.Equal(221, await ErrorAsync(port, "set_config", """{"config":{"log-verbose-level":4}}"""));
        Directory.Delete(temp);
        // 220: every backup name of the next two minutes is taken by a directory (with the
        // numbered variants used when a backup of the same second exists, as the 221 call made one).
        var now = DateTimeOffset.UtcNow;
        for (var s = 0; s < 120; s++)
        {
            var name = $"{daemon.ConfigPath}.bak.{now.AddSeconds(s).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
            foreach (var suffix in new[] { "", ".1", ".2", ".3" })
            {
                if (!File.Exists(name + suffix))
                {
                    Directory.CreateDirectory(name + suffix);
                }
            }
        }

        Assert.Equal(220, await ErrorAsync(port, "set_config", """{"config":{"log-verbose-level":4}}"""));
        Assert.Equal(4, (int)(await MiddlewareClient.CallAsync(port, "get_config"))["result"]!["log-verbose-level"]!);
        Assert.False(daemon.HasExited);

        static (Expect, Expect) Same(Expect e) => (e, e);
    }

    [Fact]
    public async Task Micropvr_control_runs_its_functions_against_the_real_daemon_and_fails_clearly()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        var port = daemon.RpcPort.ToString(CultureInfo.InvariantCulture);
        var location = daemon.RecordsDir;
        var keep = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - T0 + (365 * 86400);
        var later = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds();
        Assert.Equal("ok", (string)(await MiddlewareClient.CallAsync(daemon.RpcPort, "create_new_task", NewTask(Channel, later, location, keep)))["result"]!);
        var taskId = (long)(await MiddlewareClient.CallAsync(daemon.RpcPort, "get_tasks_list"))["result"]!.AsArray()[0]!["task-id"]!;
        Assert.Equal(0, await daemon.StopAsync());
        var day1 = WriteRecord(location, Channel, T0, taskId, 3600);
        var day2 = WriteRecord(location, Channel, T0 + 86400, taskId, 3600);
        var day3 = WriteRecord(location, Channel, T0 + (2 * 86400), taskId, 3600);
        await daemon.StartAgainAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);

        // get_records: a table by default, the server's JSON with -d, data rows only with -q.
        var (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port, "-f", "get_records", "-a", Channel.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, error);
        Assert.Contains("RECORDS (3)", output);
        Assert.Contains(day1, output);
        (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port, "-q", "-f", "get_records");
        Assert.True(code == 0, error);
        Assert.DoesNotContain("RECORDS", output);
        Assert.Contains(day2, output);
        (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port, "-d", "-f", "get_records");
        Assert.True(code == 0, error);
        Assert.Equal(3, JsonNode.Parse(output)!["result"]!.AsArray().Count);

        // -A: any method by name with named params (JSON values when they parse).
        (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port, "-f", "get_file_and_offset", "-A", $"channel_id={Channel}", "-A", $"timestamp={T0 + 100}");
        Assert.True(code == 0, error);
        Assert.Equal(day1, (string)JsonNode.Parse(output)!["file"]!);
        (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port, "-f", "lock_range", "-A", $"channel_id={Channel}", "-A", $"from={T0 + 86400}", "-A", $"to={T0 + 86460}", "-A", "comment=keep day 2");
        Assert.True(code == 0, error);
        Assert.Equal("keep day 2", (string)JsonNode.Parse(output)!["comment"]!);

        // delete_records_days: asks first (no stdin: not confirmed, exit 5), then with -y deletes
        // the oldest day; the locked second day is kept and does not count as the oldest.
        (code, _, error) = await DaemonApiTests.RunControlAsync("-p", port, "-f", "delete_records_days", "-a", "1", Channel.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(5, code);
        Assert.True(File.Exists(day1));
        (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port, "-y", "-f", "delete_records_days", "-a", "1", Channel.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, error);
        Assert.Contains("deleted 1 record file(s)", output);
        Assert.False(File.Exists(day1));
        (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port, "-y", "-f", "delete_records_days", "-a", "1", Channel.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, error);
        Assert.False(File.Exists(day3));
        Assert.True(File.Exists(day2));

        // An API error: exit 1 with the code shown.
        (code, _, error) = await DaemonApiTests.RunControlAsync("-p", port, "-f", "get_file_and_offset", "-A", "channel_id=999", "-A", "timestamp=1498201200");
        Assert.Equal(1, code);
        Assert.Contains("error 200", error);

        // A daemon that refuses us (json-rpc-allow applied at once by set_config): exit 3, and why.
        Assert.Equal("ok", (string)(await MiddlewareClient.CallAsync(daemon.RpcPort, "set_config", """{"config":{"json-rpc-allow":["10.0.0.0/8"]}}"""))["result"]!);
        (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port, "-f", "get_all");
        Assert.Equal(3, code);
        Assert.Contains("closed the connection without answering", error);
        Assert.True(await daemon.WaitForOutputAsync("(2104)", Patience), daemon.Output);

        // Unreachable daemon: exit 3 and a message naming the address.
        Assert.Equal(0, await daemon.StopAsync());
        (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port, "-f", "get_all");
        Assert.Equal(3, code);
        Assert.Contains($"cannot connect to micropvr at 127.0.0.1:{port}", error);
        Assert.Equal("", output);
    }

    private static void Check(string method, Expect expect, JsonNode answer)
    {
        var text = $"{method}: {answer.ToJsonString()}";
        Assert.True(answer["jsonrpc"] is not null && (string)answer["jsonrpc"]! == "2.0", text);
        Assert.True((int)answer["id"]! == 1, text);
        if (expect.Error is { } code)
        {
            Assert.True(answer["error"]?["code"] is { } c && (int)c == code, text);
            return;
        }

        Assert.True(answer["error"] is null, text);
        var result = answer["result"];
        switch (expect.Result)
        {
            case Kind.Ok:
                Assert.True(result is JsonValue && (string)result! == "ok", text);
                break;
            case Kind.Failed:
                Assert.True(result is JsonValue && (string)result! == "failed", text);
                break;
            case Kind.String:
                Assert.True(result is JsonValue v && v.GetValueKind() == JsonValueKind.String, text);
                break;
            case Kind.Array:
                Assert.True(result is JsonArray, text);
                break;
            case Kind.Object:
                Assert.True(result is JsonObject o && o[expect.Member!] is not null, text);
                break;
            case Kind.Flat:
                // get_file_offset's non-standard shape: members of the response itself.
                Assert.True((string)result! == "ok" && answer["offset"] is not null && answer["file"] is not null, text);
                break;
        }
    }

    private static async Task<int> ErrorAsync(int port, string method, string? parameters)
    {
        var answer = await MiddlewareClient.CallAsync(port, method, parameters);
        return answer["error"]?["code"] is { } code ? (int)code : throw new Xunit.Sdk.XunitException($"{method}: no error: {answer.ToJsonString()}");
    }

    private static string Request(string method, string parameters) =>
        $$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{parameters}},"id":1}""";

    /// <summary>Raw text sent as the middleware client sends it (no terminator, short-read end); the answer parsed.</summary>
    private static async Task<JsonNode> RawAsync(int port, string text)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), cts.Token);
        await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), System.Net.Sockets.SocketFlags.None, cts.Token);
        var answer = new MemoryStream();
        var chunk = new byte[1024];
        int n;
        do
        {
            n = await socket.ReceiveAsync(chunk, System.Net.Sockets.SocketFlags.None, cts.Token);
            answer.Write(chunk, 0, n);
        }
        while (n == chunk.Length);

        return JsonNode.Parse(answer.ToArray())!;
    }

    /// <summary>`echo '&lt;request&gt;' | nc 127.0.0.1 &lt;port&gt;` with the real nc, as operators' scripts call.</summary>
    private static async Task<JsonNode> NcAsync(int port, string request)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"echo \"$REQUEST\" | nc 127.0.0.1 {port}");
        start.Environment["REQUEST"] = request;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(cts.Token);
        var text = await output;
        Assert.True(process.ExitCode == 0 && text.Length > 0, $"nc exit {process.ExitCode}: {await error}");
        return JsonNode.Parse(text)!;
    }

    private static IEnumerable<string> DocumentedMethods()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(DaemonProcess.RepoRoot, "docs", "openrpc.json")))!;
        return document["methods"]!.AsArray().Select(m => (string)m!["name"]!);
    }

    private static string NewTask(int channel, long start, string location, long lifetime) =>
        $$"""{"channel_id":{{channel}},"channel_name":"Conformance {{channel}}","duration":3600,"lifetime":{{lifetime}},"start_timestamp":{{start}},"record_location":"{{location}}","stream_source":"udp://@239.255.78.{{channel}}:30001"}""";

    private static string AddTask(int channel, string location) =>
        $$"""{"channel_id":{{channel}},"duration":86400,"lifetime":0,"gap_time":3,"record_location":"{{location}}","priority":50,"repeat_period":86400,"stream_source":"udp://@239.255.78.{{channel}}:30001"}""";

    /// <summary>A record file (sparse .ts) with an index of one keyframe a second.</summary>
    private static string WriteRecord(string location, int channel, long startUnix, long taskId, int seconds)
    {
        var path = Path.Combine(location, $"ch_{channel}", $"c{channel}_t{startUnix}_{taskId}.ts");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path)))
        {
            for (var k = 0; k <= seconds; k++)
            {
                writer.Append(new IndexEntry((startUnix + k) * 1000, k * 18800L, -1, IndexEntryFlags.None));
            }

            writer.Flush(durable: true);
        }

        using (var ts = File.Create(path))
        {
            ts.SetLength((seconds + 1) * 18800L);
        }

        return path;
    }
}
