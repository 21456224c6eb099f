using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Storage;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>
/// Reconciles the task list with running recorders (compat spec §3): starts each run at its
/// moment, hands over to the next run (80 s early for seamless daily files), postpones failed
/// starts by task-postpone-time, restarts dead recorders with back-off keeping the planned end,
/// gives a failing run up when less than 80 s are left, and stops the runs of cancelled tasks.
/// A single loop calls <see cref="TickAsync"/>; every decision is taken from the injected clock,
/// so tests drive days of schedule by moving a fake clock and ticking.
/// </summary>
public sealed partial class TaskRunner : IAsyncDisposable
{
    private readonly TaskManager _tasks;
    private readonly IRecordingEngine _engine;
    private readonly IConfigService _config;
    private readonly TimeProvider _time;
    private readonly ILogger<TaskRunner> _logger;
    private readonly RunRecords _records;
    private readonly IStorageManager? _storage;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, RecordingRun> _current = [];
    private readonly List<RecordingRun> _finishing = [];
    /// <summary>Locations recorded into (now or by an earlier daemon): never recreated when missing.</summary>
    private readonly HashSet<string> _knownLocations = new(StringComparer.Ordinal);

    public TaskRunner(TaskManager tasks, ICatalog catalog, IRecordingEngine engine, IConfigService config, TimeProvider time, ILogger<TaskRunner> logger, IStorageManager? storage = null)
    {
        _storage = storage;
        _tasks = tasks;
        _engine = engine;
        _config = config;
        _time = time;
        _logger = logger;
        _records = new RunRecords(catalog, time, logger);
    }

    /// <summary>Raised when something happened that the loop should look at now (a recorder answered or stopped).</summary>
    public event Action? WakeRequested;

    /// <summary>Number of recorders currently writing (finishing runs of a seamless hand-over included).</summary>
    public int ActiveRecordings
    {
        get
        {
            var count = 0;
            foreach (var run in AllRuns())
            {
                count += run.Phase == RunPhase.Recording ? 1 : 0;
            }

            return count;
        }
    }

    private MicroPvrOptions Options => _config.Current;

    /// <summary>Closes catalog rows left open by a previous daemon (crash safety); call once before the first tick.</summary>
    public async ValueTask RecoverAsync(CancellationToken ct)
    {
        await _records.CloseStaleAsync(ct);
        foreach (var location in await _records.RecordLocationsAsync(ct))
        {
            _knownLocations.Add(TaskRequestValidator.NormalizeLocation(location));
        }
    }

    /// <summary>Takes every decision that is due at the clock's current time.</summary>
    public async Task TickAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await TickCoreAsync(ct);
        }
        finally
        {
            PublishRuns();
            _gate.Release();
        }
    }

    /// <summary>The earliest moment a decision is due (a run starts, a retry, a planned end).</summary>
    public DateTimeOffset NextDueTime()
    {
        var due = DateTimeOffset.MaxValue;
        foreach (var run in AllRuns())
        {
            due = Min(due, run.PlannedEnd);
            due = run.Phase switch
            {
                RunPhase.Waiting => Min(due, run.RetryAt),
                RunPhase.Starting => Min(due, run.StartDeadline),
                _ => due,
            };
        }

        foreach (var task in _tasks.Snapshot())
        {
            if (!_current.ContainsKey(task.Id))
            {
                due = Min(due, task.Start);
            }
            else if (TaskSchedule.PlanNextRun(task, task.Start) is { } next)
            {
                due = Min(due, next.Start);
            }
        }

        return due;
    }

    /// <summary>
    /// The host clock jumped by <paramref name="delta"/> (wall time moved that much more than
    /// monotonic time). Relative waits (postponement, back-off, init timeout) keep their length;
    /// planned run windows are wall-clock times and stay. After a backward jump every recording
    /// goes on in a new file, so that no file's timeline runs backwards.
    /// </summary>
    public async Task OnClockJumpAsync(TimeSpan delta, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var run in AllRuns())
            {
                run.ShiftWaits(delta);
            }

            if (delta < TimeSpan.Zero)
            {
                var now = _time.GetUtcNow();
                foreach (var run in AllRuns())
                {
                    if (run.Phase == RunPhase.Recording)
                    {
                        LogRotated(_logger, run.TaskId, run.Record?.Path ?? "?");
                        await StopRecorderAsync(run, ct);
                        await BeginStartAsync(run, now, ct);
                    }
                }
            }
        }
        finally
        {
            PublishRuns();
            _gate.Release();
        }
    }

    /// <summary>Daemon stop: every recorder is stopped, its file and index closed, its row finalised.</summary>
    public async Task StopAllAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var stopped = 0;
            foreach (var run in AllRuns())
            {
                stopped += run.Phase == RunPhase.Recording ? 1 : 0;
                await EndRunAsync(run, ct);
                if (IsCurrent(run))
                {
                    // The run resumes at the next start-up (its window is kept).
                    await SetStatusAsync(run, RecordingTaskStatus.New, null, ct);
                }
            }

            _current.Clear();
            _finishing.Clear();
            LogAllStopped(_logger, stopped);
        }
        finally
        {
            PublishRuns();
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync(CancellationToken.None);
        _gate.Dispose();
    }

    private async Task TickCoreAsync(CancellationToken ct)
    {
        await _tasks.LoadAsync(ct);
        // A recorder that answers at once (or fails at once) is handled in the same tick.
        for (var pass = 0; pass < 4; pass++)
        {
            await TickPassAsync(ct);
            if (!AnyStartAnswered())
            {
                return;
            }
        }
    }

    private bool AnyStartAnswered()
    {
        foreach (var run in AllRuns())
        {
            if (run.Phase == RunPhase.Starting && run.PendingStart is { IsCompleted: true })
            {
                return true;
            }
        }

        return false;
    }

    private async Task TickPassAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var tasks = new Dictionary<long, RecordingTask>();
        foreach (var task in _tasks.Snapshot())
        {
            tasks[task.Id] = task;
        }

        await StopCancelledAsync(tasks, ct);

        for (var i = _finishing.Count - 1; i >= 0; i--)
        {
            var run = _finishing[i];
            if (await StepAsync(run, now, isCurrent: false, ct) != RunOutcome.Continuing)
            {
                await EndRunAsync(run, ct);
                _finishing.RemoveAt(i);
            }
        }

        foreach (var task in tasks.Values)
        {
            await ScheduleTaskAsync(task, now, ct);
        }
    }

    private async Task StopCancelledAsync(Dictionary<long, RecordingTask> tasks, CancellationToken ct)
    {
        foreach (var run in new List<RecordingRun>(_current.Values))
        {
            if (!tasks.ContainsKey(run.TaskId))
            {
                await EndRunAsync(run, ct);
                _current.Remove(run.TaskId);
            }
        }

        for (var i = _finishing.Count - 1; i >= 0; i--)
        {
            if (!tasks.ContainsKey(_finishing[i].TaskId))
            {
                await EndRunAsync(_finishing[i], ct);
                _finishing.RemoveAt(i);
            }
        }
    }

    private IEnumerable<RecordingRun> AllRuns()
    {
        foreach (var run in _current.Values)
        {
            yield return run;
        }

        foreach (var run in _finishing)
        {
            yield return run;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
