using MicroPvr.Core.Configuration;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tasks.Supervision;
using MicroPvr.Core.Tests.Tasks.Doubles;

namespace MicroPvr.Core.Tests.Tasks;

public sealed class DemoChannelTaskTests
{
    [Fact]
    public async Task Configured_demo_channel_gets_one_seamless_hourly_task_recording_at_once()
    {
        var options = new MicroPvrOptions { DemoChannelSource = "file:///srv/demo.ts?loop=1", DemoChannelId = 1, DemoChannelName = "Demo" };
        await using var h = new SchedulerHarness(options: options);
        options.DemoChannelLocation = h.Location;
        h.Clock.Advance(TimeSpan.FromMinutes(25));
        var demo = new DemoChannelTask(h.Manager, h.Config, h.Clock, new CapturingLogger<DemoChannelTask>());

        Assert.True(await demo.EnsureAsync(CancellationToken.None));
        Assert.False(await demo.EnsureAsync(CancellationToken.None));
        var task = Assert.Single(await h.Manager.GetTasksAsync());
        Assert.Equal(TimeSpan.FromHours(1), task.RepeatPeriod);
        Assert.Equal(task.Duration, task.RepeatPeriod);
        Assert.Equal("Demo", task.ChannelName);
        Assert.Equal(h.Now, task.Start);
        Assert.Equal(SchedulerHarness.T0 + TimeSpan.FromHours(1), task.Stop);

        await h.TickAsync();
        Assert.Equal("file:///srv/demo.ts?loop=1", Assert.Single(h.Engine.Running).Request.StreamSource);
    }

    [Fact]
    public async Task No_demo_source_means_no_task()
    {
        await using var h = new SchedulerHarness();
        var demo = new DemoChannelTask(h.Manager, h.Config, h.Clock, new CapturingLogger<DemoChannelTask>());
        Assert.False(await demo.EnsureAsync(CancellationToken.None));
        Assert.Empty(await h.Manager.GetTasksAsync());
    }
}
