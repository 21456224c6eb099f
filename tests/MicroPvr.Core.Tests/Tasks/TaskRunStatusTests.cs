using MicroPvr.Core.Configuration;
using MicroPvr.Core.Logging.State;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tasks.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Core.Tests.Tasks;

/// <summary>The runs the runner publishes for monitoring, and the state log's "repeated" row built from them.</summary>
public sealed class TaskRunStatusTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task During_the_80_s_hand_over_the_previous_run_is_finishing_and_the_state_log_marks_it_repeated()
    {
        var options = new MicroPvrOptions();
        await using var h = new SchedulerHarness(options: options);
        var task = await h.CreateAsync(h.Request(duration: Hour, repeat: Hour, start: SchedulerHarness.T0 + Hour));
        var statePath = Path.Combine(h.Location, "state.log");
        h.Config.Current.LogStatePath = statePath;
        var services = new ServiceCollection()
            .AddSingleton<ITaskManager>(h.Manager)
            .AddSingleton(h.Runner)
            .BuildServiceProvider();
        using var stateLog = new StateLogService(h.Config, services, h.Clock, NullLogger<StateLogService>.Instance, TimeZoneInfo.Utc);

        await h.AdvanceToAsync(SchedulerHarness.T0 + Hour + TimeSpan.FromMinutes(1));
        var one = Assert.Single(h.Runner.Runs);
        Assert.Equal(TaskRunPhase.Recording, one.Phase);
        Assert.False(one.Finishing);
        Assert.NotNull(one.RecordPath);
        Assert.NotNull(one.ReadStatistics());

        await h.AdvanceToAsync(SchedulerHarness.T0 + (2 * Hour) - TimeSpan.FromSeconds(40));
        Assert.Equal(2, h.Runner.Runs.Count);
        var finishing = Assert.Single(h.Runner.Runs, r => r.Finishing);
        var next = Assert.Single(h.Runner.Runs, r => !r.Finishing);
        Assert.Equal(task.Id, finishing.Task.Id);
        Assert.Equal(SchedulerHarness.T0 + (2 * Hour), finishing.PlannedEnd);
        Assert.Equal(TaskRunPhase.Recording, finishing.Phase);
        Assert.Equal(SchedulerHarness.T0 + (2 * Hour) - TimeSpan.FromSeconds(80), next.Task.Start);
        Assert.NotEqual(finishing.RecordPath, next.RecordPath);

        await stateLog.WriteSnapshotAsync(CancellationToken.None);
        var text = await File.ReadAllTextAsync(statePath);
        var rows = Rows(text);
        Assert.True(rows.Length == 2, text);
        Assert.True(rows[0].Contains("| 26/11/2026 01:00:00 | 26/11/2026 02:00:00 | 27/11/2026 02:00:00 | repeated  |", StringComparison.Ordinal), text);
        Assert.True(rows[0].EndsWith("| STARTED |", StringComparison.Ordinal), text);
        Assert.True(rows[1].Contains("| 26/11/2026 01:58:40 | 26/11/2026 03:00:00 | 27/11/2026 03:00:00 | 3600 secs |", StringComparison.Ordinal), text);

        await h.AdvanceToAsync(SchedulerHarness.T0 + (2 * Hour) + TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(h.Runner.Runs, r => r.Finishing);
        await stateLog.WriteSnapshotAsync(CancellationToken.None);
        var after = Rows(await File.ReadAllTextAsync(statePath));
        Assert.Contains("3600 secs", Assert.Single(after), StringComparison.Ordinal);
    }

    private static string[] Rows(string stateLog) =>
        stateLog.Split('\n').Where(l => l.StartsWith("| 3 ", StringComparison.Ordinal)).ToArray();
}
