using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Api;

/// <summary>The JSON-RPC API of the real daemon (compat spec §5) and micropvr_control against it (§8).</summary>
public class DaemonApiTests
{
    [Fact]
    public async Task The_daemon_answers_the_middleware_client_nc_and_http_post()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);

        var config = (await MiddlewareClient.CallAsync(daemon.RpcPort, "get_config"))["result"]!;
        Assert.Equal(daemon.RpcPort, (int)config["json-rpc-listen-port"]!);

        var viaNc = await MiddlewareClient.CallAsync(daemon.RpcPort, "get_config", newline: true);
        Assert.Equal(daemon.HttpPort, (int)viaNc["result"]!["http-listen-port"]!);

        Assert.Equal(-32601, (int)(await MiddlewareClient.CallAsync(daemon.RpcPort, "no_such_method"))["error"]!["code"]!);
        Assert.Equal(100, (int)(await MiddlewareClient.CallAsync(daemon.RpcPort, "cancel_task_by_id"))["error"]!["code"]!);

        using var http = new HttpClient { BaseAddress = daemon.HttpBase, Timeout = TimeSpan.FromSeconds(30) };
        var response = await http.PostAsync("/jsonrpc", new StringContent("""{"jsonrpc":"2.0","method":"get_config","id":7}""", Encoding.UTF8, "application/json"));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(7, (int)answer["id"]!);
        Assert.Equal(daemon.RpcPort, (int)answer["result"]!["json-rpc-listen-port"]!);
    }

    [Fact]
    public async Task Set_config_is_applied_without_restart()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        var config = (await MiddlewareClient.CallAsync(daemon.RpcPort, "get_config"))["result"]!.AsObject();
        config["records-min-free-space"] = 12345;
        var set = await MiddlewareClient.CallAsync(daemon.RpcPort, "set_config", $$"""{"config":{{config.ToJsonString()}}}""");
        Assert.Equal("ok", (string)set["result"]!);
        var after = (await MiddlewareClient.CallAsync(daemon.RpcPort, "get_config"))["result"]!;
        Assert.Equal(12345, (long)after["records-min-free-space"]!);
    }

    [Fact]
    public async Task Micropvr_control_talks_to_the_daemon()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        var (code, output, error) = await RunControlAsync("-H", "127.0.0.1", "-p", daemon.RpcPort.ToString(), "-f", "get_config");
        Assert.True(code == 0, error);
        Assert.Equal(daemon.RpcPort, (int)JsonNode.Parse(output)!["json-rpc-listen-port"]!);

        (code, _, error) = await RunControlAsync("-p", daemon.RpcPort.ToString(), "-f", "no_such_method");
        Assert.Equal(1, code);
        Assert.Contains("error -32601", error);
    }

    internal static async Task<(int Code, string Out, string Err)> RunControlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "micropvr_control.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output, await error);
    }
}
