using MicroPvr.Core.Recording;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Tests.Tasks;

public sealed class TaskRunnerTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task One_off_task_records_its_window_into_one_compat_named_file_and_completes()
    {
        await using var h = new SchedulerHarness();
        var task = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour));
        await h.TickAsync();
        Assert.Empty(h.Engine.Requests);
        Assert.Equal(RecordingTaskStatus.New, h.Task(task.Id)!.Status);

        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour);
        var running = Assert.Single(h.Engine.Running);
        var expectedPath = Path.Combine(h.Location, "ch_3", $"c3_t{(SchedulerHarness.T0 + Hour).ToUnixTimeSeconds()}_{task.Id}.ts");
        Assert.Equal(expectedPath, running.Path);
        Assert.True(Directory.Exists(Path.Combine(h.Location, "ch_3")));
        Assert.Equal(RecordingTaskStatus.Started, h.Task(task.Id)!.Status);
        var record = Assert.Single(await h.RecordsAsync());
        Assert.True(record.IsWriting);
        Assert.Equal(expectedPath, record.Path);
        Assert.Equal(task.Id, record.TaskId);

        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Hour);
        Assert.True(running.Disposed);
        Assert.Null(h.Task(task.Id));
        record = Assert.Single(await h.RecordsAsync());
        Assert.False(record.IsWriting);
        Assert.Equal(SchedulerHarness.T0 + 2 * Hour, record.Stop);
        Assert.Equal([4102, 4105], h.ManagerLog.Codes.Where(c => c is 4102 or 4105));
        Assert.Equal(1, h.RunnerLog.Count(5110));
        Assert.Equal(1, h.RunnerLog.Count(5111));
        Assert.Equal(1, h.RunnerLog.Count(4100));
        Assert.Equal(1, h.RunnerLog.Count(5114));
    }

    [Fact]
    public async Task A_week_of_seamless_daily_files_overlaps_by_exactly_80_seconds()
    {
        await using var h = new SchedulerHarness();
        var task = await h.CreateAsync(h.Request(duration: Day, repeat: Day, start: SchedulerHarness.T0 + Hour));
        await h.AdvanceAsync(7 * Day);

        var records = await h.RecordsAsync();
        Assert.Equal(7, records.Count);
        for (var i = 1; i < records.Count; i++)
        {
            // Each file starts 80 s before the previous one ends; both hold the overlap.
            Assert.Equal(TimeSpan.FromSeconds(80), records[i - 1].Stop - records[i].Start);
            Assert.Equal(SchedulerHarness.T0 + Hour + i * Day - TimeSpan.FromSeconds(80), records[i].Start);
        }

        Assert.Single(h.Engine.Running);
        Assert.All(records.Take(6), r => Assert.False(r.IsWriting));
        Assert.True(records[6].IsWriting);
        Assert.Equal(RecordingTaskStatus.Started, h.Task(task.Id)!.Status);
        Assert.Equal(0, h.RunnerLog.Count(5113) + h.RunnerLog.Count(5112));
    }

    [Fact]
    public async Task Overlap_moment_has_both_recorders_running()
    {
        await using var h = new SchedulerHarness();
        await h.CreateAsync(h.Request(duration: Hour, repeat: Hour, start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Hour - TimeSpan.FromSeconds(81));
        Assert.Single(h.Engine.Running);
        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Hour - TimeSpan.FromSeconds(80));
        Assert.Equal(2, h.Engine.Running.Count);
        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Hour);
        Assert.Single(h.Engine.Running);
    }

    [Fact]
    public async Task Periodic_task_with_a_longer_period_waits_between_runs_without_overlap()
    {
        await using var h = new SchedulerHarness();
        var task = await h.CreateAsync(h.Request(duration: Hour, repeat: 3 * Hour, start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Hour + TimeSpan.FromMinutes(1));
        Assert.Empty(h.Engine.Running);
        var waiting = h.Task(task.Id)!;
        Assert.Equal(RecordingTaskStatus.New, waiting.Status);
        Assert.Equal(SchedulerHarness.T0 + 4 * Hour, waiting.Start);
        Assert.Equal(SchedulerHarness.T0 + 5 * Hour, waiting.Stop);
        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Day);
        var records = await h.RecordsAsync();
        Assert.Equal(16, records.Count);
        for (var i = 1; i < records.Count; i++)
        {
            Assert.Equal(2 * Hour, records[i].Start - records[i - 1].Stop);
        }
    }

    [Fact]
    public async Task Failed_start_postpones_by_task_postpone_time_and_keeps_the_planned_end()
    {
        await using var h = new SchedulerHarness();
        h.Engine.FailNext(2, new IOException("source unreachable"));
        var task = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour);
        var postponed = h.Task(task.Id)!;
        Assert.Equal(RecordingTaskStatus.Postponed, postponed.Status);
        Assert.Equal(SchedulerHarness.T0 + Hour + TimeSpan.FromSeconds(60), postponed.Start);
        Assert.Equal(SchedulerHarness.T0 + 2 * Hour, postponed.Stop);
        Assert.Equal(1, h.RunnerLog.Count(5112));
        Assert.Equal(1, h.RunnerLog.Count(4101));

        await h.AdvanceAsync(TimeSpan.FromSeconds(59), step: TimeSpan.FromSeconds(1));
        Assert.Single(h.Engine.Requests);
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(2, h.Engine.Requests.Count);
        Assert.Equal(RecordingTaskStatus.Postponed, h.Task(task.Id)!.Status);

        await h.AdvanceAsync(TimeSpan.FromSeconds(60));
        var started = h.Task(task.Id)!;
        Assert.Equal(RecordingTaskStatus.Started, started.Status);
        Assert.Equal(SchedulerHarness.T0 + Hour + TimeSpan.FromSeconds(120), started.Start);
        Assert.Equal(SchedulerHarness.T0 + 2 * Hour, started.Stop);
        var record = Assert.Single(await h.RecordsAsync());
        Assert.Equal(started.Start, record.Start);
    }

    [Fact]
    public async Task Postpone_time_follows_the_configuration()
    {
        await using var h = new SchedulerHarness(options: new() { TaskPostponeTimeSeconds = 300 });
        h.Engine.FailNext(1, new IOException("no route"));
        var task = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour);
        Assert.Equal(SchedulerHarness.T0 + Hour + TimeSpan.FromMinutes(5), h.Task(task.Id)!.Start);
    }

    [Fact]
    public async Task Dead_recorder_restarts_with_back_off_into_new_files_keeping_the_planned_end()
    {
        await using var h = new SchedulerHarness();
        var task = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour + TimeSpan.FromSeconds(10));
        var first = Assert.Single(h.Engine.Running);

        var retries = new List<TimeSpan>();
        for (var death = 0; death < 4; death++)
        {
            var diedAt = h.Now;
            h.Engine.Running.Single().Die();
            await h.TickAsync();
            Assert.Equal(RecordingTaskStatus.Postponed, h.Task(task.Id)!.Status);
            Assert.Empty(h.Engine.Running);
            while (h.Engine.Running.Count == 0)
            {
                await h.AdvanceAsync(TimeSpan.FromSeconds(1), step: TimeSpan.FromSeconds(1));
            }

            retries.Add(h.Now - diedAt);
            Assert.Equal(RecordingTaskStatus.Started, h.Task(task.Id)!.Status);
            Assert.Equal(SchedulerHarness.T0 + 2 * Hour, h.Task(task.Id)!.Stop);
        }

        Assert.Equal([1, 2, 4, 8], retries.Select(r => (int)r.TotalSeconds));
        Assert.Equal(4, h.RunnerLog.Count(5113));
        var records = await h.RecordsAsync();
        Assert.Equal(5, records.Count);
        Assert.Equal(5, records.Select(r => r.Path).Distinct().Count());
        Assert.All(records.Take(4), r => Assert.False(r.IsWriting));
        Assert.Contains(first.Path, records.Select(r => r.Path));

        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Hour);
        Assert.Null(h.Task(task.Id));
        Assert.All(await h.RecordsAsync(), r => Assert.False(r.IsWriting));
    }

    [Fact]
    public async Task Back_off_never_exceeds_task_postpone_time_and_resets_after_a_stable_run()
    {
        await using var h = new SchedulerHarness(options: new() { TaskPostponeTimeSeconds = 5 });
        await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour);
        var delays = new List<int>();
        for (var death = 0; death < 5; death++)
        {
            var diedAt = h.Now;
            h.Engine.Running.Single().Die();
            await h.TickAsync();
            while (h.Engine.Running.Count == 0)
            {
                await h.AdvanceAsync(TimeSpan.FromSeconds(1), step: TimeSpan.FromSeconds(1));
            }

            delays.Add((int)(h.Now - diedAt).TotalSeconds);
        }

        Assert.Equal([1, 2, 4, 5, 5], delays);
        await h.AdvanceAsync(TimeSpan.FromMinutes(2));
        var before = h.Now;
        h.Engine.Running.Single().Die();
        await h.TickAsync();
        while (h.Engine.Running.Count == 0)
        {
            await h.AdvanceAsync(TimeSpan.FromSeconds(1), step: TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, (int)(h.Now - before).TotalSeconds);
    }

    [Fact]
    public async Task Failure_with_less_than_80_seconds_left_starts_the_next_run_immediately()
    {
        await using var h = new SchedulerHarness();
        var task = await h.CreateAsync(h.Request(duration: Hour, repeat: 2 * Hour, start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Hour - TimeSpan.FromSeconds(79));
        h.Engine.Running.Single().Die();
        await h.TickAsync();
        Assert.Equal(1, h.RunnerLog.Count(4107));
        var next = h.Task(task.Id)!;
        Assert.Equal(RecordingTaskStatus.Started, next.Status);
        Assert.Equal(h.Now, next.Start);
        Assert.Equal(SchedulerHarness.T0 + 4 * Hour, next.Stop);
        var records = await h.RecordsAsync();
        Assert.Equal(h.Now, records[^1].Start);
    }

    [Fact]
    public async Task Failed_start_with_less_than_80_seconds_left_completes_a_one_off_task()
    {
        await using var h = new SchedulerHarness();
        var task = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Hour - TimeSpan.FromSeconds(100));
        h.Engine.Running.Single().Die();
        h.Engine.FailNext(1, new IOException("still broken"));
        await h.TickAsync();
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(RecordingTaskStatus.Postponed, h.Task(task.Id)!.Status);
        Assert.Equal(1, h.RunnerLog.Count(5112));
        // The postponed retry comes at 60 s later, with 39 s left: the failure → give up → complete.
        h.Engine.FailNext(1, new IOException("still broken"));
        await h.AdvanceAsync(TimeSpan.FromSeconds(60), step: TimeSpan.FromSeconds(1));
        Assert.Null(h.Task(task.Id));
        Assert.Equal(1, h.RunnerLog.Count(4107));
        Assert.Equal(1, h.ManagerLog.Count(4105));
    }

    [Fact]
    public async Task Recorder_that_does_not_start_within_init_timeout_is_postponed()
    {
        await using var h = new SchedulerHarness(options: new() { RecorderInitTimeoutSeconds = 5 });
        h.Engine.HangNext();
        var task = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour);
        Assert.Equal(RecordingTaskStatus.Starting, h.Task(task.Id)!.Status);
        await h.AdvanceAsync(TimeSpan.FromSeconds(4), step: TimeSpan.FromSeconds(1));
        Assert.Equal(RecordingTaskStatus.Starting, h.Task(task.Id)!.Status);
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(RecordingTaskStatus.Postponed, h.Task(task.Id)!.Status);
        Assert.Equal(1, h.RunnerLog.Count(5115));
        await h.AdvanceAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(RecordingTaskStatus.Started, h.Task(task.Id)!.Status);
        Assert.Single(h.Engine.Running);
    }

    [Fact]
    public async Task Invalid_source_fails_the_run_until_its_end_then_the_next_run_tries_again()
    {
        await using var h = new SchedulerHarness();
        h.Engine.FailNext(1, new ArgumentException("invalid source URL"));
        var task = await h.CreateAsync(h.Request(duration: Hour, repeat: Hour, start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour + TimeSpan.FromMinutes(30));
        Assert.Equal(RecordingTaskStatus.Failed, h.Task(task.Id)!.Status);
        Assert.Single(h.Engine.Requests);
        Assert.Equal(1, h.RunnerLog.Count(4106));
        await h.AdvanceToAsync(SchedulerHarness.T0 + 2 * Hour);
        Assert.Equal(RecordingTaskStatus.Started, h.Task(task.Id)!.Status);
        Assert.Single(h.Engine.Running);
    }

    [Fact]
    public async Task Unwritable_location_postpones_the_task_and_other_locations_keep_recording()
    {
        await using var h = new SchedulerHarness();
        var blocked = Path.Combine(h.Location, "not-a-dir");
        await File.WriteAllTextAsync(blocked, "a file where the record location should be");
        var bad = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour, location: blocked));
        var good = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour, location: h.Location2));
        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour);
        Assert.Equal(RecordingTaskStatus.Postponed, h.Task(bad.Id)!.Status);
        Assert.Equal(RecordingTaskStatus.Started, h.Task(good.Id)!.Status);
        Assert.Single(h.Engine.Running);
        Assert.Equal(1, h.RunnerLog.Count(5112));
    }

    [Fact]
    public async Task Location_that_disappears_under_a_recorder_postpones_the_task_and_others_keep_recording()
    {
        await using var h = new SchedulerHarness(options: new() { RecordsCheckingPeriodSeconds = 5, TaskPostponeTimeSeconds = 30 });
        var gone = Directory.CreateDirectory(Path.Combine(h.Location, "gone")).FullName;
        var lost = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour, location: gone));
        var kept = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour, location: h.Location2));
        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour + TimeSpan.FromMinutes(1));
        Assert.Equal(2, h.Engine.Running.Count);

        // The location is removed (or its disk unmounted) under the recorder.
        Directory.Delete(gone, recursive: true);
        await h.AdvanceAsync(TimeSpan.FromSeconds(10), step: TimeSpan.FromSeconds(1));
        Assert.Equal(1, h.RunnerLog.Count(5113));
        Assert.Equal(1, h.RunnerLog.Count(5122));
        Assert.Equal(RecordingTaskStatus.Postponed, h.Task(lost.Id)!.Status);
        Assert.Equal(RecordingTaskStatus.Started, h.Task(kept.Id)!.Status);
        Assert.Single(h.Engine.Running);
        var retryAt = h.Task(lost.Id)!.Start;
        Assert.InRange(retryAt - h.Now, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)); // task-postpone-time, not a quick restart

        // The retry finds it still missing: postponed again, and the location is not recreated.
        await h.AdvanceAsync(TimeSpan.FromSeconds(31), step: TimeSpan.FromSeconds(1));
        Assert.True(h.RunnerLog.Count(5112) >= 1);
        Assert.True(h.RunnerLog.Count(5122) >= 2);
        Assert.False(Directory.Exists(gone));
        Assert.Equal(RecordingTaskStatus.Postponed, h.Task(lost.Id)!.Status);

        // Back in place: the postponed task records again.
        Directory.CreateDirectory(gone);
        await h.AdvanceAsync(TimeSpan.FromSeconds(31), step: TimeSpan.FromSeconds(1));
        Assert.Equal(RecordingTaskStatus.Started, h.Task(lost.Id)!.Status);
        Assert.Equal(2, h.Engine.Running.Count);
    }

    [Fact]
    public async Task A_location_the_engine_reports_lost_postpones_the_task_by_task_postpone_time()
    {
        await using var h = new SchedulerHarness(options: new() { TaskPostponeTimeSeconds = 45 });
        var task = await h.CreateAsync(h.Request(start: SchedulerHarness.T0 + Hour));
        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour);
        var handle = Assert.Single(h.Engine.Running);

        handle.Fail(new RecordLocationException(handle.Path, "read-only file system", null));
        await h.TickAsync();

        Assert.Equal(1, h.RunnerLog.Count(5122));
        Assert.Equal(RecordingTaskStatus.Postponed, h.Task(task.Id)!.Status);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(45), h.Task(task.Id)!.Start);
        await h.AdvanceAsync(TimeSpan.FromSeconds(46), step: TimeSpan.FromSeconds(1));
        Assert.Equal(RecordingTaskStatus.Started, h.Task(task.Id)!.Status);
    }
}
