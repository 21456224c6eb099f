using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tasks.Supervision;
using MicroPvr.Core.Tests.Tasks.Doubles;

namespace MicroPvr.Core.Tests.Tasks;

public sealed class ClockJumpTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Detector_reports_wall_clock_jumps_and_ignores_normal_time()
    {
        var clock = new ManualClock(SchedulerHarness.T0);
        var detector = new ClockJumpDetector(clock);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.Zero, detector.Check());
        clock.Jump(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, detector.Check());
        clock.Jump(-Hour);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(-Hour, detector.Check());
        clock.Jump(TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(10), detector.Check());
        Assert.Equal(TimeSpan.Zero, detector.Check());
    }

    [Fact]
    public async Task Backward_jump_continues_in_a_new_file_with_no_negative_durations_and_no_overlapping_runs()
    {
        await using var h = new SchedulerHarness();
        var task = await h.CreateAsync(h.Request(duration: Hour, repeat: Hour, start: h.Now));
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        var before = Assert.Single(h.Engine.Running);

        h.Clock.Jump(-TimeSpan.FromMinutes(45));
        await h.Runner.OnClockJumpAsync(-TimeSpan.FromMinutes(45));
        await h.TickAsync();
        Assert.True(before.Disposed);
        var after = Assert.Single(h.Engine.Running);
        Assert.NotEqual(before.Path, after.Path);
        Assert.Equal(1, h.RunnerLog.Count(5118));
        Assert.Equal(SchedulerHarness.T0 + Hour, h.Task(task.Id)!.Stop);

        await h.AdvanceAsync(TimeSpan.FromHours(3));
        var records = await h.RecordsAsync();
        Assert.All(records, r => Assert.True(r.Stop >= r.Start, $"{r.Path}: {r.Start:u} > {r.Stop:u}"));
        Assert.True(h.Engine.Running.Count <= 1);
        // Runs of the task never overlap beyond the 80 s seamless hand-over.
        var byStart = records.Where(r => r.Start >= SchedulerHarness.T0 + Hour - TimeSpan.FromSeconds(80)).OrderBy(r => r.Start).ToList();
        for (var i = 1; i < byStart.Count; i++)
        {
            Assert.True(byStart[i - 1].Stop - byStart[i].Start <= TimeSpan.FromSeconds(80));
        }
    }

    [Fact]
    public async Task Forward_jump_past_the_run_end_completes_it_and_starts_the_current_run()
    {
        await using var h = new SchedulerHarness();
        var task = await h.CreateAsync(h.Request(duration: Hour, repeat: Hour, start: h.Now));
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        var before = Assert.Single(h.Engine.Running);

        h.Clock.Jump(TimeSpan.FromHours(5));
        await h.Runner.OnClockJumpAsync(TimeSpan.FromHours(5));
        await h.TickAsync();
        Assert.True(before.Disposed);
        var now = Assert.Single(h.Engine.Running);
        Assert.Equal(SchedulerHarness.T0 + TimeSpan.FromHours(6), h.Task(task.Id)!.Stop);
        Assert.All(await h.RecordsAsync(), r => Assert.True(r.Stop >= r.Start));
        Assert.False(now.Disposed);
    }

    [Fact]
    public async Task Postponement_keeps_its_length_across_a_jump()
    {
        await using var h = new SchedulerHarness();
        h.Engine.FailNext(1, new IOException("down"));
        var task = await h.CreateAsync(h.Request(start: h.Now, duration: TimeSpan.FromHours(5)));
        await h.TickAsync();
        Assert.Equal(RecordingTaskStatus.Postponed, h.Task(task.Id)!.Status);
        h.Clock.Jump(-Hour);
        await h.Runner.OnClockJumpAsync(-Hour);
        await h.AdvanceAsync(TimeSpan.FromSeconds(60), step: TimeSpan.FromSeconds(1));
        Assert.Equal(RecordingTaskStatus.Started, h.Task(task.Id)!.Status);
    }
}
