using System.Text.Json.Nodes;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Api;

/// <summary>Task and archive methods of the real daemon (compat spec §5) and micropvr_control's functions on them (§8).</summary>
public class DaemonTaskApiTests
{
    [Fact]
    public async Task Tasks_created_over_the_api_are_listed_shown_by_micropvr_control_and_cancelled()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        var port = daemon.RpcPort;
        var start = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var task = $$"""{"channel_id":21,"channel_name":"E2E News","duration":3600,"lifetime":3600,"start_timestamp":{{start}},"record_location":"{{daemon.RecordsDir}}","stream_source":"udp://@239.255.77.1:30001"}""";

        Assert.Equal("ok", (string)(await MiddlewareClient.CallAsync(port, "create_new_task", task))["result"]!);
        Assert.Equal(101, (int)(await MiddlewareClient.CallAsync(port, "create_new_task", task))["error"]!["code"]!);
        Assert.Equal(140, (int)(await MiddlewareClient.CallAsync(port, "create_new_task", task[..^1] + ",\"repeat_period\":60}"))["error"]!["code"]!);

        var listed = (await MiddlewareClient.CallAsync(port, "get_tasks_list"))["result"]!.AsArray()
            .Single(t => (int)t!["channel-id"]! == 21)!;
        Assert.Equal(daemon.RecordsDir, (string)listed["path"]!);
        Assert.Equal(start, (long)listed["start-time"]!);
        Assert.Equal(start + 3600, (long)listed["stop-time"]!);
        Assert.Equal(0, (int)listed["status"]!);
        Assert.Equal(1, (int)listed["number-of-records"]!);

        var (code, output, error) = await DaemonApiTests.RunControlAsync("-p", port.ToString(), "-f", "get_all", "-a", "21");
        Assert.True(code == 0, error);
        Assert.Contains("E2E News", output);
        Assert.Contains("MOUNT POINTS", output);

        (code, _, _) = await DaemonApiTests.RunControlAsync("-p", port.ToString(), "-f", "cancel_task", "-a", "21");
        Assert.Equal(5, code);
        (code, _, error) = await DaemonApiTests.RunControlAsync("-p", port.ToString(), "-y", "-f", "cancel_task", "-a", "21");
        Assert.True(code == 0, error);
        var after = (await MiddlewareClient.CallAsync(port, "get_tasks_list"))["result"]!.AsArray();
        Assert.DoesNotContain(after, t => (int)t!["channel-id"]! == 21);
    }

    [Fact]
    public async Task Archive_methods_answer_on_an_empty_archive()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        var port = daemon.RpcPort;
        var missing = await MiddlewareClient.CallAsync(port, "get_file_and_offset", """{"channel_id":999,"timestamp":1498201200}""");
        Assert.Equal(200, (int)missing["error"]!["code"]!);
        var flat = await MiddlewareClient.CallAsync(port, "get_file_offset", """{"channel_id":999,"timestamp":1498201200}""");
        Assert.Equal(("failed", "-1"), ((string)flat["result"]!, (string)flat["offset"]!));
        Assert.Empty((await MiddlewareClient.CallAsync(port, "get_records", """{"channel_id":999}"""))["result"]!.AsArray());
        var alive = (await MiddlewareClient.CallAsync(port, "is_alive"))["result"]!;
        Assert.NotNull(alive["is_alive"]);
        Assert.NotNull((await MiddlewareClient.CallAsync(port, "get_request_counter"))["result"]!["overall"]);
        Assert.NotNull((await MiddlewareClient.CallAsync(port, "get_channel_list"))["result"]!.AsArray());
        Assert.Equal(0, (int)(await MiddlewareClient.CallAsync(port, "delete_records_days", """{"ndays":1,"channel_id":999}"""))["result"]!["deleted"]!);
    }
}
