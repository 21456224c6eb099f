using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tests.Tasks.Doubles;
using MicroPvr.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MicroPvr.Core.Tests.Tasks;

/// <summary>The real loop on the real clock: composition, start, cancel, clean stop.</summary>
public sealed class TaskSchedulerServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Composed_scheduler_starts_a_task_stops_it_on_cancel_and_closes_everything_on_stop()
    {
        using var dir = new TempDirectory("micropvr-sched");
        var engine = new FakeRecordingEngine();
        var catalog = new InMemoryCatalog();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ICatalog>(catalog);
        services.AddSingleton<IRecordingEngine>(engine);
        services.AddSingleton<IConfigService>(new TestConfigService(new MicroPvrOptions()));
        services.AddMicroPvrTasks();
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        var manager = provider.GetRequiredService<ITaskManager>();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var request = new TaskRequest
        {
            ChannelId = 7,
            StreamSource = "udp://@239.1.1.7:1234",
            Start = DateTimeOffset.UtcNow,
            Duration = TimeSpan.FromHours(1),
            Lifetime = TimeSpan.FromHours(1),
            RecordLocation = dir.Path,
        };
        Assert.True((await manager.CreateTaskAsync(request)).Succeeded);
        Assert.True((await manager.CreateTaskAsync(request with { ChannelId = 8 })).Succeeded);
        await Until(() => engine.Running.Count == 2);
        await Until(async () => (await manager.GetTasksAsync()).All(t => t.Status == RecordingTaskStatus.Started));

        Assert.Equal(1, await manager.CancelTaskAsync(7, dir.Path));
        await Until(() => engine.Running.Count == 1);

        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Empty(engine.Running);
        Assert.All(await catalog.GetRecordsAsync(), r => Assert.False(r.IsWriting));
        Assert.Single(await catalog.GetTasksAsync());
    }

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
