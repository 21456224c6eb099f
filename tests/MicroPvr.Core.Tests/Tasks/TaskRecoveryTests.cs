using MicroPvr.Core.Recording;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tests.Tasks.Doubles;

namespace MicroPvr.Core.Tests.Tasks;

public sealed class TaskRecoveryTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task After_a_crash_the_run_resumes_into_a_new_file_and_the_old_row_is_closed()
    {
        var catalog = new InMemoryCatalog();
        var clock = new ManualClock(SchedulerHarness.T0);
        long taskId;
        string firstPath;
        await using (var before = new SchedulerHarness(catalog, clock))
        {
            taskId = (await before.CreateAsync(before.Request(duration: Hour, repeat: Hour, start: SchedulerHarness.T0))).Id;
            await before.AdvanceAsync(TimeSpan.FromMinutes(20));
            firstPath = Assert.Single(before.Engine.Running).Path;
            await File.WriteAllTextAsync(firstPath, "twenty minutes of TS");
            Assert.Equal(RecordingTaskStatus.Started, (await catalog.GetTaskAsync(taskId))!.Status);

            // "kill -9": the next daemon starts on the same catalog without any orderly stop.
            clock.Advance(TimeSpan.FromMinutes(3));
            await using var after = new SchedulerHarness(catalog, clock);
            await after.Manager.LoadAsync();
            Assert.Equal(RecordingTaskStatus.Unknown, after.Task(taskId)!.Status);
            await after.Runner.RecoverAsync(CancellationToken.None);
            var old = Assert.Single(await catalog.GetRecordsAsync());
            Assert.False(old.IsWriting);
            Assert.Equal(20, old.SizeBytes);
            Assert.True(old.Stop >= old.Start);

            await after.TickAsync();
            var resumed = Assert.Single(after.Engine.Running);
            Assert.NotEqual(firstPath, resumed.Path);
            Assert.Equal(RecordingTaskStatus.Started, after.Task(taskId)!.Status);
            Assert.Equal(SchedulerHarness.T0 + Hour, after.Task(taskId)!.Stop);
            Assert.Equal(1, after.RunnerLog.Count(4108));
            var records = await catalog.GetRecordsAsync();
            Assert.Equal(2, records.Count);
            Assert.Equal(SchedulerHarness.T0 + TimeSpan.FromMinutes(23), records[1].Start);
        }
    }

    [Fact]
    public async Task A_daemon_down_for_days_skips_the_missed_runs_and_records_the_current_one()
    {
        var catalog = new InMemoryCatalog();
        var clock = new ManualClock(SchedulerHarness.T0);
        await using var before = new SchedulerHarness(catalog, clock);
        var task = await before.CreateAsync(before.Request(duration: Hour, repeat: Hour, start: SchedulerHarness.T0));
        await before.AdvanceAsync(TimeSpan.FromMinutes(10));
        await before.Runner.StopAllAsync();
        Assert.Equal(RecordingTaskStatus.New, (await catalog.GetTaskAsync(task.Id))!.Status);

        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(30));
        await using var after = new SchedulerHarness(catalog, clock);
        await after.TickAsync();
        Assert.Single(after.Engine.Running);
        var current = after.Task(task.Id)!;
        Assert.Equal(after.Now, current.Start);
        Assert.Equal(SchedulerHarness.T0 + TimeSpan.FromDays(3) + Hour, current.Stop);
        Assert.Equal(2, (await catalog.GetRecordsAsync()).Count);
    }

    [Fact]
    public async Task Daemon_stop_closes_every_recording_and_keeps_tasks_for_the_next_start()
    {
        await using var h = new SchedulerHarness();
        await h.CreateAsync(h.Request(start: h.Now));
        await h.CreateAsync(h.Request(channel: 4, start: h.Now));
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, h.Engine.Running.Count);
        Assert.Equal(2, h.Runner.ActiveRecordings);

        await h.Runner.StopAllAsync();
        Assert.Empty(h.Engine.Running);
        Assert.All(h.Engine.Handles, handle => Assert.True(handle.Disposed));
        Assert.All(await h.RecordsAsync(), r => Assert.False(r.IsWriting));
        Assert.Equal(2, (await h.Catalog.GetTasksAsync()).Count);
        Assert.Equal(1, h.RunnerLog.Count(5117));
    }

    [Fact]
    public async Task Rows_of_files_being_written_are_refreshed_every_records_checking_period()
    {
        await using var h = new SchedulerHarness(options: new() { RecordsCheckingPeriodSeconds = 30 });
        await h.CreateAsync(h.Request(start: h.Now));
        await h.TickAsync();
        var handle = Assert.Single(h.Engine.Running);
        handle.Statistics = new RecordingStatistics { BytesWritten = 1_000_000, LastPacketUtc = h.Now + TimeSpan.FromSeconds(29) };
        await h.AdvanceAsync(TimeSpan.FromSeconds(29), step: TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await h.RecordsAsync())[0].SizeBytes);
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        var record = (await h.RecordsAsync())[0];
        Assert.Equal(1_000_000, record.SizeBytes);
        Assert.Equal(SchedulerHarness.T0 + TimeSpan.FromSeconds(29), record.Stop);
        Assert.True(record.IsWriting);
    }
}
