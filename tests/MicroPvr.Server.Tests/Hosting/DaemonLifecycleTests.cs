using MicroPvr.TestKit;

namespace MicroPvr.Server.Tests.Hosting;

public sealed class DaemonLifecycleTests
{
    [Fact]
    public async Task Daemon_starts_logs_1000_and_1004_and_stops_cleanly_on_sigterm()
    {
        await using var daemon = await DaemonProcess.StartAsync();

        Assert.True(await daemon.WaitForOutputAsync("(1004)", TimeSpan.FromSeconds(20)), daemon.Output);
        Assert.Contains("(1000) micropvr", daemon.Output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(daemon.DataDir));

        var exitCode = await daemon.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("(1101) signal received: SIGTERM", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("(1102) stopped cleanly", daemon.Output, StringComparison.Ordinal);
        // The log file holds the same lines as stdout.
        Assert.Contains("(1102) stopped cleanly", daemon.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sighup_reopens_the_log_file_after_logrotate_moved_it()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        Assert.True(await daemon.WaitForOutputAsync("(1006) ready", TimeSpan.FromSeconds(20)), daemon.Output);

        File.Move(daemon.LogPath, daemon.LogPath + ".1");
        daemon.Signal(1);

        Assert.True(await daemon.WaitForOutputAsync("(1103) log files reopened", TimeSpan.FromSeconds(20)), daemon.Output);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!daemon.LogText.Contains("(1103)", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Contains("(1103) log files reopened", daemon.LogText, StringComparison.Ordinal);
        Assert.Contains("(1000)", await File.ReadAllTextAsync(daemon.LogPath + ".1"), StringComparison.Ordinal);
        Assert.False(daemon.HasExited);
        Assert.Equal(0, await daemon.StopAsync());
    }
}
