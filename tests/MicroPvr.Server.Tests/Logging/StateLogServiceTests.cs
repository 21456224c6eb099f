using MicroPvr.Core.Configuration;
using MicroPvr.Core.Logging;
using MicroPvr.Core.Logging.State;
using MicroPvr.Core.Monitoring;
using MicroPvr.Server.Tests.Configuration;
using MicroPvr.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Tests.Logging;

public sealed class StateLogServiceTests
{
    [Fact]
    public async Task A_snapshot_is_written_to_log_state_path_with_real_host_figures()
    {
        using var dir = new TempDirectory();
        var confPath = dir.Combine("micropvr.conf");
        await File.WriteAllTextAsync(confPath, $$"""{ "log-state-period": 1, "log-state-path": "{{dir.Combine("state", "micropvr_state.log")}}" }""");
        var load = ConfigLoader.LoadFile(confPath);
        using var log = new LogWriter(new LogSettings { FilePath = dir.Combine("m.log") });
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(new LoggerFactory([new MicroPvrLoggerProvider(log)]))
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IConfigService>(sp => new ConfigService(confPath, load, sp.GetRequiredService<ILogger<ConfigService>>(), TimeProvider.System))
            .AddMicroPvrMonitoring()
            .AddSingleton<StateLogService>()
            .BuildServiceProvider();
        await using (services)
        {
            await services.GetRequiredService<StateLogService>().WriteSnapshotAsync(CancellationToken.None);
        }

        var text = await File.ReadAllTextAsync(dir.Combine("state", "micropvr_state.log"));
        Assert.Matches(@"^Log OK: \d\d/\d\d \d\d:\d\d:\d\d\n", text);
        Assert.Matches(@"\nMem used: \d+ KiB, mem free: \d+ KiB\nSwap used: \d+ KiB, swap free: \d+ KiB\n", text);
        Assert.Matches(@"\nCPU LA1: \d+\.\d\d?\n", text);
        Assert.Contains("\nContent requests: 0 requests in 60 seconds, 0.0 per second\nSuccessful requests: 0 requests in 60 seconds, 0.0 per second\n", text, StringComparison.Ordinal);
        Assert.Contains("\nTasks: n/a\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_state_log_is_written_every_log_state_period_minutes_and_not_before()
    {
        using var dir = new TempDirectory();
        var statePath = dir.Combine("micropvr_state.log");
        var confPath = dir.Combine("micropvr.conf");
        await File.WriteAllTextAsync(confPath, $$"""{ "log-state-period": 2, "log-state-path": "{{statePath}}" }""");
        var load = ConfigLoader.LoadFile(confPath);
        var clock = new TimerClock(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var config = new ConfigService(confPath, load, Microsoft.Extensions.Logging.Abstractions.NullLogger<ConfigService>.Instance, clock);
        var services = new ServiceCollection().BuildServiceProvider();
        using var service = new StateLogService(config, services, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<StateLogService>.Instance, TimeZoneInfo.Utc);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await WaitAsync(() => clock.PendingTimers == 1);
            clock.Advance(TimeSpan.FromSeconds(119));
            Assert.False(File.Exists(statePath), "written before the period passed");

            clock.Advance(TimeSpan.FromSeconds(1));
            await WaitAsync(() => File.Exists(statePath) && File.ReadAllText(statePath).StartsWith("Log OK: 26/11 10:02:00\n", StringComparison.Ordinal));

            await WaitAsync(() => clock.PendingTimers == 1);
            clock.Advance(TimeSpan.FromMinutes(2));
            await WaitAsync(() => File.ReadAllText(statePath).StartsWith("Log OK: 26/11 10:04:00\n", StringComparison.Ordinal));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(20);
        }
    }
}
