using MicroPvr.Core.Catalog;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tasks;

/// <summary>
/// The list of recording tasks (compat spec §3, §5): validation, uniqueness of
/// (channel_id, record_location), persistence in the catalog. It never touches recorders: the
/// <see cref="Supervision.TaskRunner"/> reconciles running recordings with this list, so a
/// cancelled task stops at the runner's next tick (it is woken at once through
/// <see cref="TasksChanged"/>).
/// </summary>
public sealed partial class TaskManager : ITaskManager, IDisposable
{
    private readonly ICatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<TaskManager> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, RecordingTask> _tasks = [];
    private bool _loaded;

    public TaskManager(ICatalog catalog, TimeProvider time, ILogger<TaskManager> logger)
    {
        _catalog = catalog;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after a task was created, cancelled or changed by the API.</summary>
    public event Action? TasksChanged;

    /// <summary>
    /// Loads the tasks from the catalog once. Tasks that were recording when the daemon stopped
    /// (or crashed) are marked <see cref="RecordingTaskStatus.Unknown"/> until the runner resumes them.
    /// </summary>
    public async ValueTask LoadAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureLoadedAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<TaskResult> CreateTaskAsync(TaskRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validated = TaskRequestValidator.Validate(request, _time.GetUtcNow());
        if (!validated.Succeeded)
        {
            LogTaskRefused(_logger, request.ChannelId, request.RecordLocation, validated.ErrorCode, validated.ErrorMessage);
            return validated;
        }

        RecordingTask added;
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureLoadedAsync(ct);
            var location = TaskRequestValidator.NormalizeLocation(request.RecordLocation);
            foreach (var existing in _tasks.Values)
            {
                if (existing.ChannelId == request.ChannelId && TaskRequestValidator.NormalizeLocation(existing.RecordLocation) == location)
                {
                    // compat spec §3: no two tasks with the same (channel_id, record_location).
                    var message = FormattableString.Invariant($"task {existing.Id} already records channel {request.ChannelId} into {existing.RecordLocation}");
                    LogTaskRefused(_logger, request.ChannelId, request.RecordLocation, TaskErrorCodes.InvalidArgument, message);
                    return TaskResult.Error(TaskErrorCodes.InvalidArgument, message);
                }
            }

            added = await _catalog.AddTaskAsync(validated.Task!, ct);
            lock (_tasks)
            {
                _tasks[added.Id] = added;
            }
        }
        finally
        {
            _gate.Release();
        }

        LogTaskCreated(_logger, added.Id, added.ChannelId, added.StreamSource, added.RecordLocation, added.Start, added.Stop,
            added.RepeatPeriod is { } p ? (long)p.TotalSeconds : 0);
        TasksChanged?.Invoke();
        return TaskResult.Ok(added);
    }

    public async ValueTask<int> CancelTaskAsync(int channelId, string? recordLocation, CancellationToken ct = default)
    {
        var location = string.IsNullOrEmpty(recordLocation) ? null : TaskRequestValidator.NormalizeLocation(recordLocation);
        return await RemoveAsync(
            t => t.ChannelId == channelId && (location is null || TaskRequestValidator.NormalizeLocation(t.RecordLocation) == location),
            completed: false,
            ct);
    }

    public async ValueTask<bool> CancelTaskByIdAsync(long taskId, CancellationToken ct = default) =>
        await RemoveAsync(t => t.Id == taskId, completed: false, ct) > 0;

    public async ValueTask<IReadOnlyList<RecordingTask>> GetTasksAsync(CancellationToken ct = default)
    {
        await LoadAsync(ct);
        return Snapshot();
    }

    /// <summary>The current tasks ordered by id (no I/O).</summary>
    public IReadOnlyList<RecordingTask> Snapshot()
    {
        lock (_tasks)
        {
            var list = new List<RecordingTask>(_tasks.Values);
            list.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            return list;
        }
    }

    /// <summary>
    /// Stores a new state of a task (status, current run) unless it was cancelled meanwhile.
    /// Returns false for a task that no longer exists.
    /// </summary>
    public async ValueTask<bool> UpdateTaskAsync(RecordingTask task, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        await _gate.WaitAsync(ct);
        try
        {
            if (!_tasks.ContainsKey(task.Id))
            {
                return false;
            }

            await _catalog.UpdateTaskAsync(task, ct);
            lock (_tasks)
            {
                _tasks[task.Id] = task;
            }

            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A one-off task whose run is over: removed from the list (its files stay).</summary>
    public async ValueTask CompleteTaskAsync(long taskId, CancellationToken ct = default) =>
        await RemoveAsync(t => t.Id == taskId, completed: true, ct);

    public void Dispose() => _gate.Dispose();

    private async ValueTask<int> RemoveAsync(Func<RecordingTask, bool> match, bool completed, CancellationToken ct)
    {
        var removed = new List<RecordingTask>();
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureLoadedAsync(ct);
            foreach (var task in Snapshot())
            {
                if (match(task))
                {
                    await _catalog.DeleteTaskAsync(task.Id, ct);
                    lock (_tasks)
                    {
                        _tasks.Remove(task.Id);
                    }

                    removed.Add(task);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (var task in removed)
        {
            if (completed)
            {
                LogTaskCompleted(_logger, task.Id, task.ChannelId, task.RecordLocation);
            }
            else
            {
                LogTaskCancelled(_logger, task.Id, task.ChannelId, task.RecordLocation);
            }
        }

        if (removed.Count > 0)
        {
            TasksChanged?.Invoke();
        }

        return removed.Count;
    }

    private async ValueTask EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded)
        {
            return;
        }

        var stored = await _catalog.GetTasksAsync(ct);
        lock (_tasks)
        {
            foreach (var task in stored)
            {
                var loaded = task;
                if (task.Status is RecordingTaskStatus.Started or RecordingTaskStatus.Starting)
                {
                    // It was recording when the daemon stopped: what happened since is unknown
                    // until the runner resumes it (compat spec §3 status UNKNOWN).
                    loaded = task with { Status = RecordingTaskStatus.Unknown };
                }

                _tasks[task.Id] = loaded;
            }
        }

        _loaded = true;
        LogTasksLoaded(_logger, stored.Count);
    }
}
