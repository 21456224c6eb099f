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
}
