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
        Assert.Matches(@"Memory: used \d+ KiB, free \d+ KiB; swap: used \d+ KiB, free \d+ KiB\n", text);
        Assert.Matches(@"CPU LA1: \d+\.\d\d\n", text);
        Assert.Contains("Content requests: 0 (0.00/s), successful: 0 (0.00/s) in the last 60 s", text, StringComparison.Ordinal);
        Assert.Contains("TASKS\nn/a\n", text, StringComparison.Ordinal);
    }
}
