using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Tests.Tasks;

public sealed class TaskScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public void One_off_in_the_future_runs_as_asked()
    {
        var run = TaskSchedule.PlanFirstRun(Now + Hour, Hour, null, urgent: false, Now);
        Assert.Equal(new RunWindow(Now + Hour, Now + 2 * Hour), run);
    }

    [Fact]
    public void One_off_started_in_the_past_starts_at_once_and_keeps_its_end()
    {
        var run = TaskSchedule.PlanFirstRun(Now - TimeSpan.FromMinutes(10), Hour, null, urgent: false, Now);
        Assert.Equal(new RunWindow(Now, Now + TimeSpan.FromMinutes(50)), run);
    }

    [Fact]
    public void One_off_whose_end_passed_has_no_run()
    {
        Assert.Null(TaskSchedule.PlanFirstRun(Now - 2 * Hour, Hour, null, urgent: false, Now));
        Assert.Null(TaskSchedule.PlanFirstRun(Now - Hour, Hour, null, urgent: false, Now));
    }

    [Fact]
    public void Periodic_started_in_the_past_takes_the_first_run_still_ahead()
    {
        // start 3 days and 2 hours ago, daily: the run in progress began 2 hours ago.
        var start = Now - 3 * Day - 2 * Hour;
        var run = TaskSchedule.PlanFirstRun(start, Day, Day, urgent: false, Now);
        Assert.Equal(new RunWindow(Now, Now + 22 * Hour), run);
    }

    [Fact]
    public void Periodic_in_the_past_between_runs_waits_for_the_next_computed_start()
    {
        // hourly 10-minute runs that began at 07:00: at 10:00 (the :00-:10 run is ahead) it starts now;
        // at 10:20 the next run is 11:00-11:10 and waits for it.
        var start = Now - 3 * Hour;
        var ten = TimeSpan.FromMinutes(10);
        Assert.Equal(new RunWindow(Now, Now + ten), TaskSchedule.PlanFirstRun(start, ten, Hour, false, Now));
        var later = Now + TimeSpan.FromMinutes(20);
        Assert.Equal(new RunWindow(Now + Hour, Now + Hour + ten), TaskSchedule.PlanFirstRun(start, ten, Hour, false, later));
    }

    [Fact]
    public void A_run_ending_exactly_now_is_not_ahead()
    {
        var start = Now - Day;
        Assert.Equal(new RunWindow(Now, Now + Day), TaskSchedule.PlanFirstRun(start, Day, Day, false, Now));
    }

    [Fact]
    public void Urgent_periodic_task_with_a_future_start_records_the_run_in_progress()
    {
        // Daily from tomorrow 00:00, urgent: k = -1 gives today 00:00 → tomorrow 00:00, started at once.
        var tomorrow = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        var run = TaskSchedule.PlanFirstRun(tomorrow, Day, Day, urgent: true, Now);
        Assert.Equal(new RunWindow(Now, tomorrow), run);
    }

    [Fact]
    public void Urgent_one_off_keeps_its_start()
    {
        var run = TaskSchedule.PlanFirstRun(Now + Hour, Hour, null, urgent: true, Now);
        Assert.Equal(new RunWindow(Now + Hour, Now + 2 * Hour), run);
    }

    [Fact]
    public void Seamless_daily_files_start_80_seconds_before_the_previous_ends()
    {
        var midnight = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        var task = Task(start: midnight, duration: Day, period: Day);
        var next = TaskSchedule.PlanNextRun(task, Now);
        Assert.Equal(new RunWindow(midnight + Day - TimeSpan.FromSeconds(80), midnight + 2 * Day), next);
    }

    [Fact]
    public void Longer_period_has_no_overlap()
    {
        var task = Task(start: Now, duration: Hour, period: 2 * Hour);
        Assert.Equal(new RunWindow(Now + 2 * Hour, Now + 3 * Hour), TaskSchedule.PlanNextRun(task, Now));
    }

    [Fact]
    public void Next_run_of_a_restarted_run_follows_the_planned_slot_not_the_restart()
    {
        // The run was restarted at 10:37 after an error; it keeps its planned end 11:00, and the
        // next slot still begins at 11:00 (with the seamless lead).
        var task = Task(start: Now + TimeSpan.FromMinutes(37), duration: Hour, period: Hour) with { Stop = Now + Hour };
        Assert.Equal(new RunWindow(Now + Hour - TimeSpan.FromSeconds(80), Now + 2 * Hour), TaskSchedule.PlanNextRun(task, Now));
    }

    [Fact]
    public void Missed_runs_are_skipped_and_the_run_in_progress_starts_at_once()
    {
        // The daemon was down for 3.5 days of an hourly task.
        var task = Task(start: Now, duration: Hour, period: Hour);
        var later = Now + TimeSpan.FromHours(84.5);
        Assert.Equal(new RunWindow(later, Now + 85 * Hour), TaskSchedule.PlanNextRun(task, later));
    }

    [Fact]
    public void One_off_has_no_next_run()
    {
        Assert.Null(TaskSchedule.PlanNextRun(Task(Now, Hour, null), Now));
        Assert.Null(TaskSchedule.PlanImmediateNextRun(Task(Now, Hour, null), Now));
    }

    [Fact]
    public void Less_than_80_seconds_left_gives_up_the_run()
    {
        var end = Now + Hour;
        Assert.False(TaskSchedule.ShouldGiveUpRun(end, end - TimeSpan.FromSeconds(80)));
        Assert.True(TaskSchedule.ShouldGiveUpRun(end, end - TimeSpan.FromSeconds(79)));
        Assert.True(TaskSchedule.ShouldGiveUpRun(end, end + TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Immediate_next_run_starts_now_and_keeps_its_own_end()
    {
        var task = Task(start: Now, duration: Hour, period: 2 * Hour);
        var failedAt = Now + Hour - TimeSpan.FromSeconds(30);
        Assert.Equal(new RunWindow(failedAt, Now + 3 * Hour), TaskSchedule.PlanImmediateNextRun(task, failedAt));
    }

    [Theory]
    [InlineData(10, 0, 11, 26, 11)] // at 10:00 with gap 11 → until 11:00 today
    [InlineData(10, 30, 3, 27, 3)] // gap 03 → tomorrow 03:00
    [InlineData(10, 0, 10, 27, 10)] // exactly at the gap hour → the next day's
    [InlineData(23, 59, 0, 27, 0)] // a minute before midnight with gap 0 → one minute
    public void Gap_time_first_run_lasts_until_the_next_gap_hour(int hour, int minute, int gapHour, int endDay, int endHour)
    {
        var now = new DateTimeOffset(2026, 11, 26, hour, minute, 0, TimeSpan.Zero);
        var run = TaskSchedule.PlanGapTimeFirstRun(gapHour, now);
        Assert.Equal(now, run.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, endDay, endHour, 0, 0, TimeSpan.Zero), run.End);
    }

    [Fact]
    public void Gap_time_later_runs_begin_at_the_gap_hour_with_the_seamless_lead()
    {
        var first = TaskSchedule.PlanGapTimeFirstRun(4, Now);
        var task = Task(first.Start, Day, Day) with { Stop = first.End };
        var gap = new DateTimeOffset(2026, 11, 27, 4, 0, 0, TimeSpan.Zero);
        Assert.Equal(new RunWindow(gap - TimeSpan.FromSeconds(80), gap + Day), TaskSchedule.PlanNextRun(task, Now));
    }

    [Fact]
    public void A_week_of_daily_files_tiles_time_with_80_second_overlaps()
    {
        var midnight = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        var first = TaskSchedule.PlanFirstRun(midnight, Day, Day, urgent: false, midnight - Hour)!.Value;
        var task = Task(first.Start, Day, Day);
        var runs = new List<RunWindow> { first };
        for (var i = 0; i < 7; i++)
        {
            var next = TaskSchedule.PlanNextRun(task, task.Start)!.Value;
            runs.Add(next);
            task = task with { Start = next.Start, Stop = next.End };
        }

        for (var i = 1; i < runs.Count; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(80), runs[i - 1].End - runs[i].Start);
            Assert.Equal(midnight + (i + 1) * Day, runs[i].End);
        }
    }

    private static RecordingTask Task(DateTimeOffset start, TimeSpan duration, TimeSpan? period) => new()
    {
        Id = 1,
        ChannelId = 3,
        StreamSource = "udp://@239.1.1.1:1234",
        Start = start,
        Duration = duration,
        Lifetime = Day,
        RepeatPeriod = period,
        RecordLocation = "/var/pvr",
    };
}
