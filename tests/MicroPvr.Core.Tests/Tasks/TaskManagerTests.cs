using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Tests.Tasks;

public sealed class TaskManagerTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task Second_task_for_the_same_channel_and_location_is_refused()
    {
        await using var h = new SchedulerHarness();
        await h.CreateAsync(h.Request());
        var again = await h.Manager.CreateTaskAsync(h.Request() with { RecordLocation = h.Location + "/" });
        Assert.False(again.Succeeded);
        Assert.Equal(101, again.ErrorCode);
        Assert.Equal(1, h.ManagerLog.Count(4111));

        Assert.True((await h.Manager.CreateTaskAsync(h.Request(location: h.Location2))).Succeeded);
        Assert.True((await h.Manager.CreateTaskAsync(h.Request(channel: 4))).Succeeded);
        Assert.Equal(3, (await h.Manager.GetTasksAsync()).Count);
    }

    [Fact]
    public async Task Validation_errors_come_back_with_their_api_code_and_nothing_is_stored()
    {
        await using var h = new SchedulerHarness();
        var result = await h.Manager.CreateTaskAsync(h.Request() with { RepeatPeriod = TimeSpan.FromMinutes(30) });
        Assert.Equal(140, result.ErrorCode);
        result = await h.Manager.CreateTaskAsync(h.Request(start: h.Now - 2 * Hour));
        Assert.Equal(141, result.ErrorCode);
        Assert.Empty(await h.Catalog.GetTasksAsync());
    }

    [Fact]
    public async Task Cancel_stops_recording_keeps_files_and_frees_the_pair()
    {
        await using var h = new SchedulerHarness();
        var task = await h.CreateAsync(h.Request(start: h.Now));
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        var handle = Assert.Single(h.Engine.Running);
        await File.WriteAllTextAsync(handle.Path, "recorded bytes");

        Assert.Equal(1, await h.Manager.CancelTaskAsync(3, h.Location + "/"));
        await h.TickAsync();
        Assert.True(handle.Disposed);
        Assert.Empty(h.Engine.Running);
        Assert.Empty(await h.Manager.GetTasksAsync());
        Assert.Empty(await h.Catalog.GetTasksAsync());
        var record = Assert.Single(await h.RecordsAsync());
        Assert.False(record.IsWriting);
        Assert.True(File.Exists(record.Path));
        Assert.Equal(1, h.ManagerLog.Count(4110));

        Assert.True((await h.Manager.CreateTaskAsync(h.Request())).Succeeded);
        Assert.True(await h.Manager.CancelTaskByIdAsync((await h.Manager.GetTasksAsync())[0].Id));
        Assert.False(await h.Manager.CancelTaskByIdAsync(task.Id));
    }

    [Fact]
    public async Task Cancel_without_location_cancels_every_location_of_the_channel()
    {
        await using var h = new SchedulerHarness();
        await h.CreateAsync(h.Request());
        await h.CreateAsync(h.Request(location: h.Location2));
        await h.CreateAsync(h.Request(channel: 9));
        Assert.Equal(2, await h.Manager.CancelTaskAsync(3, null));
        Assert.Equal(9, Assert.Single(await h.Manager.GetTasksAsync()).ChannelId);
    }

    [Fact]
    public async Task Legacy_add_task_first_run_lasts_until_gap_time_then_daily_files_begin_at_gap_time()
    {
        await using var h = new SchedulerHarness();
        await h.AdvanceAsync(TimeSpan.FromHours(10.5));
        var task = await h.CreateAsync(h.Request(duration: TimeSpan.FromDays(1), repeat: TimeSpan.FromDays(1)) with { GapTimeHour = 4 });
        await h.TickAsync();
        var first = Assert.Single(h.Engine.Running);
        var gap = new DateTimeOffset(2026, 11, 27, 4, 0, 0, TimeSpan.Zero);
        Assert.Equal(gap, h.Task(task.Id)!.Stop);

        await h.AdvanceToAsync(gap + TimeSpan.FromDays(2) + Hour);
        var records = await h.RecordsAsync();
        Assert.Equal(4, records.Count);
        Assert.Equal(SchedulerHarness.T0 + TimeSpan.FromHours(10.5), records[0].Start);
        Assert.Equal(gap, records[0].Stop);
        Assert.Equal(gap - TimeSpan.FromSeconds(80), records[1].Start);
        Assert.Equal(gap + TimeSpan.FromDays(1), records[1].Stop);
        Assert.Equal(gap + TimeSpan.FromDays(1) - TimeSpan.FromSeconds(80), records[2].Start);
        Assert.True(first.Disposed);
    }

    [Fact]
    public async Task Urgent_daily_task_starting_tomorrow_records_today_at_once()
    {
        await using var h = new SchedulerHarness();
        await h.AdvanceAsync(TimeSpan.FromHours(15));
        var tomorrow = SchedulerHarness.T0 + TimeSpan.FromDays(1);
        var task = await h.CreateAsync(h.Request(duration: TimeSpan.FromDays(1), repeat: TimeSpan.FromDays(1), start: tomorrow) with { Urgent = true });
        await h.TickAsync();
        Assert.Single(h.Engine.Running);
        Assert.Equal(RecordingTaskStatus.Started, h.Task(task.Id)!.Status);
        Assert.Equal(tomorrow, h.Task(task.Id)!.Stop);
    }
}
