using System.Diagnostics;
using MicroPvr.Server.Tests.JsonRpc;

namespace MicroPvr.Control.Tests;

/// <summary>The real micropvr_control executable (a child process), as operators run it.</summary>
public class ControlProcessTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(string? stdin, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "micropvr_control.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task The_command_talks_to_the_api_and_exits_0()
    {
        await using var api = await ApiHost.StartAsync();
        var (code, output, error) = await RunAsync(null, "-H", "127.0.0.1", "-p", api.Port.ToString(), "-f", "get_all");
        Assert.True(code == 0, error);
        Assert.Contains("MOUNT POINTS", output);
    }

    [Fact]
    public async Task A_destructive_call_without_stdin_is_not_confirmed()
    {
        await using var api = await ApiHost.StartAsync();
        var (code, _, error) = await RunAsync(null, "-p", api.Port.ToString(), "-f", "delete_records");
        Assert.Equal(ExitCodes.NotConfirmed, code);
        Assert.Contains("not confirmed", error);
        Assert.Empty(api.Services.DeleteCalls);
    }

    [Fact]
    public async Task The_api_error_code_is_shown_and_the_exit_code_is_non_zero()
    {
        await using var api = await ApiHost.StartAsync();
        var (code, _, error) = await RunAsync(null, "-p", api.Port.ToString(), "-f", "get_file_and_offset", "-A", "channel_id=77", "-A", "timestamp=1500000000");
        Assert.Equal(ExitCodes.ApiError, code);
        Assert.Contains("error 200", error);
    }
}
