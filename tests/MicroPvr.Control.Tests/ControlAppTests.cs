using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Tasks;
using MicroPvr.Server.Tests.JsonRpc;

namespace MicroPvr.Control.Tests;

/// <summary>micropvr_control against the real API server over loopback TCP (compat spec §8).</summary>
public class ControlAppTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(ApiHost? api, string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var argv = api is null ? args : ["-p", api.Port.ToString(), .. args];
        var code = await new ControlApp(new StringReader(stdin), output, error).RunAsync(argv);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task SeedAsync(ApiHost api)
    {
        await api.Services.CreateTaskAsync(new TaskRequest
        {
            ChannelId = 3,
            ChannelName = "News",
            StreamSource = "udp://@239.1.1.1:1234",
            Start = DateTimeOffset.UtcNow,
            Duration = TimeSpan.FromHours(24),
            Lifetime = TimeSpan.FromDays(7),
            RepeatPeriod = TimeSpan.FromHours(24),
            RecordLocation = "/hdd/pvr",
        });
        await api.Services.AddRecordAsync(new RecordFile
        {
            TaskId = 1,
            ChannelId = 3,
            ChannelName = "News",
            Path = "/hdd/pvr/ch_3/c3_t1498201120_1.ts",
            RecordLocation = "/hdd/pvr",
            Start = DateTimeOffset.FromUnixTimeSeconds(1498201120),
            Stop = DateTimeOffset.FromUnixTimeSeconds(1498204720),
            SizeBytes = 3L * 1024 * 1024,
        });
    }

    [Fact]
    public async Task Get_all_prints_the_tasks_and_the_mount_points()
    {
        await using var api = await ApiHost.StartAsync();
        await SeedAsync(api);
        var (code, output, _) = await RunAsync(api, "", "-f", "get_all");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("TASKS (1)", output);
        Assert.Contains("udp://@239.1.1.1:1234", output);
        Assert.Contains("86400 secs", output);
        Assert.Contains("NEW", output);
        Assert.Contains("MOUNT POINTS (1)", output);
        Assert.Contains("29520 MiB", output);
    }

    [Fact]
    public async Task Get_records_prints_a_table_and_json_with_d()
    {
        await using var api = await ApiHost.StartAsync();
        await SeedAsync(api);
        var (code, output, _) = await RunAsync(api, "", "-f", "get_records", "-a", "3");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("c3_t1498201120_1.ts", output);
        Assert.Contains("3 MiB", output);

        (code, output, _) = await RunAsync(api, "", "-d", "-f", "get_records", "-a", "4");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(JsonNode.Parse(output)!["result"]!.AsArray());
    }

    [Fact]
    public async Task Quiet_prints_data_rows_only()
    {
        await using var api = await ApiHost.StartAsync();
        await SeedAsync(api);
        var (code, output, _) = await RunAsync(api, "", "-q", "-f", "get_records");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("RECORDS", output);
    }

    [Fact]
    public async Task Cancel_task_asks_first_and_without_stdin_does_nothing()
    {
        await using var api = await ApiHost.StartAsync();
        await SeedAsync(api);
        var (code, _, error) = await RunAsync(api, "", "-f", "cancel_task", "-a", "3");
        Assert.Equal(ExitCodes.NotConfirmed, code);
        Assert.Contains("[y/N]", error);
        Assert.Empty(api.Services.CancelCalls);

        (code, _, _) = await RunAsync(api, "n\n", "-f", "cancel_task", "-a", "3");
        Assert.Equal(ExitCodes.NotConfirmed, code);
        Assert.Empty(api.Services.CancelCalls);

        (code, var output, _) = await RunAsync(api, "y\n", "-f", "cancel_task", "-a", "3");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("ok", output);
        Assert.Equal([(3, (string?)null)], api.Services.CancelCalls);
    }

    [Fact]
    public async Task Cancel_task_with_y_and_a_location_cancels_that_location_only()
    {
        await using var api = await ApiHost.StartAsync();
        var (code, _, _) = await RunAsync(api, "", "-y", "-f", "cancel_task", "-a", "3", "/ssd/pvr");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal([(3, (string?)"/ssd/pvr")], api.Services.CancelCalls);
    }

    [Fact]
    public async Task Delete_functions_pass_their_arguments()
    {
        await using var api = await ApiHost.StartAsync();
        await SeedAsync(api);
        var (code, output, _) = await RunAsync(api, "", "-y", "-f", "delete_records", "-a", "1498201120", "3");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("deleted 1 record file(s)", output);
        Assert.Equal([(DateTimeOffset.FromUnixTimeSeconds(1498201120), (int?)3)], api.Services.DeleteCalls.Select(c => (c.Before!.Value, c.Channel)));

        (code, _, _) = await RunAsync(api, "", "-y", "-f", "delete_records_days", "-a", "2");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal([(2, (int?)null)], api.Services.DeleteDaysCalls);
    }

    [Fact]
    public async Task Any_method_by_name_with_named_params()
    {
        await using var api = await ApiHost.StartAsync();
        var (code, output, _) = await RunAsync(api, "", "-f", "create_new_task",
            "-A", "channel_id=9", "-A", "duration=3600", "-A", "lifetime=0", "-A", "record_location=/hdd/pvr",
            "-A", "stream_source=udp://@239.1.1.9:1234");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("ok", output.Trim());
        Assert.Equal(9, Assert.Single(api.Services.TaskRequests).ChannelId);

        (code, output, _) = await RunAsync(api, "", "-f", "get_request_counter");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(0, (int)JsonNode.Parse(output)!["overall"]!);
    }

    [Fact]
    public async Task An_api_error_exits_non_zero_and_shows_the_code()
    {
        await using var api = await ApiHost.StartAsync();
        var (code, _, error) = await RunAsync(api, "", "-y", "-f", "cancel_task_by_id", "-A", "task_id=0");
        Assert.Equal(ExitCodes.ApiError, code);
        Assert.Contains("error 101", error);

        (code, _, error) = await RunAsync(api, "", "-f", "no_such_method");
        Assert.Equal(ExitCodes.ApiError, code);
        Assert.Contains("error -32601", error);
    }

    [Fact]
    public async Task An_unreachable_daemon_is_reported_clearly()
    {
        var port = FreePort();
        var (code, _, error) = await RunAsync(null, "", "-p", port.ToString(), "-f", "get_all");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("connection refused", error);
    }

    [Fact]
    public async Task A_daemon_that_closes_without_answering_is_reported()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcAllow = ["192.0.2.1"]);
        var (code, _, error) = await RunAsync(api, "", "-f", "get_all");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("without answering", error);
    }

    [Fact]
    public async Task A_non_json_rpc_answer_is_reported()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync("HTTP/1.0 400 Bad Request\r\n\r\n"u8.ToArray());
        });
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await new ControlApp(new StringReader(""), output, error)
            .RunAsync(["-p", ((IPEndPoint)listener.LocalEndpoint).Port.ToString(), "-f", "is_alive"]);
        await serving;
        Assert.Equal(ExitCodes.BadAnswer, code);
        Assert.Contains("not a JSON-RPC response", error.ToString());
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("-V")]
    public async Task Help_and_version(string flag)
    {
        var (code, output, _) = await RunAsync(null, "", flag);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("micropvr_control", output);
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        var (code, _, error) = await RunAsync(null, "", "-q");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("-f function is required", error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
