using MicroPvr.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>
/// The daemon's scheduler loop (ARCHITECTURE habit 5): loads the tasks, closes what a crashed
/// daemon left open, makes sure the demo channel's task exists, then ticks the
/// <see cref="TaskRunner"/> at every due moment and at least every recorder-checking-period.
/// On daemon stop every recording is closed cleanly. A failing tick is logged and retried; it
/// never ends the loop.
/// </summary>
public sealed partial class TaskSchedulerService : BackgroundService
{
    private readonly TaskManager _tasks;
    private readonly TaskRunner _runner;
    private readonly DemoChannelTask _demo;
    private readonly IConfigService _config;
    private readonly TimeProvider _time;
    private readonly ILogger<TaskSchedulerService> _logger;
    private readonly WakeSignal _wake = new();

    public TaskSchedulerService(TaskManager tasks, TaskRunner runner, DemoChannelTask demo, IConfigService config, TimeProvider time, ILogger<TaskSchedulerService> logger)
    {
        _tasks = tasks;
        _runner = runner;
        _demo = demo;
        _config = config;
        _time = time;
        _logger = logger;
        _tasks.TasksChanged += _wake.Set;
        _runner.WakeRequested += _wake.Set;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _runner.StopAllAsync(CancellationToken.None);
    }

    public override void Dispose()
    {
        _tasks.TasksChanged -= _wake.Set;
        _runner.WakeRequested -= _wake.Set;
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await StartUpAsync(stoppingToken);
        var clock = new ClockJumpDetector(_time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var jump = clock.Check();
                if (jump != TimeSpan.Zero)
                {
                    LogClockJump(_logger, (long)jump.TotalSeconds, _time.GetUtcNow());
                    await _runner.OnClockJumpAsync(jump, stoppingToken);
                }

                await _runner.TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTickFailed(_logger, ex);
            }

            try
            {
                await _wake.WaitAsync(NextDelay(), _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task StartUpAsync(CancellationToken ct)
    {
        // A catalog that is not ready yet (migrations, rebuild) must not kill the scheduler.
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _tasks.LoadAsync(ct);
                await _runner.RecoverAsync(ct);
                await _demo.EnsureAsync(ct);
                LogSchedulerStarted(_logger, _tasks.Snapshot().Count);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStartUpFailed(_logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(5), _time, ct);
            }
        }
    }

    private TimeSpan NextDelay()
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, _config.Current.RecorderCheckingPeriodSeconds));
        var untilDue = _runner.NextDueTime() - _time.GetUtcNow();
        if (untilDue < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return untilDue < period ? untilDue : period;
    }
}
