using MicroPvr.Core.Catalog;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Tests.Tasks.Doubles;

/// <summary>An in-memory catalog for scheduler tests (the SQLite catalog has its own tests).</summary>
internal sealed class InMemoryCatalog : ICatalog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, RecordingTask> _tasks = [];
    private readonly Dictionary<long, RecordFile> _records = [];
    private long _nextTaskId = 1;
    private long _nextRecordId = 1;

    public int TaskUpdates { get; private set; }

    public ValueTask<IReadOnlyList<RecordingTask>> GetTasksAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<RecordingTask>>([.. _tasks.Values.OrderBy(t => t.Id)]);
        }
    }

    public ValueTask<RecordingTask?> GetTaskAsync(long taskId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_tasks.GetValueOrDefault(taskId));
        }
    }

    public ValueTask<RecordingTask> AddTaskAsync(RecordingTask task, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var added = task with { Id = _nextTaskId++ };
            _tasks[added.Id] = added;
            return ValueTask.FromResult(added);
        }
    }

    public ValueTask UpdateTaskAsync(RecordingTask task, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_tasks.ContainsKey(task.Id))
            {
                throw new InvalidOperationException($"task {task.Id} does not exist");
            }

            _tasks[task.Id] = task;
            TaskUpdates++;
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask DeleteTaskAsync(long taskId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _tasks.Remove(taskId);
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask<IReadOnlyList<RecordFile>> GetRecordsAsync(int? channelId = null, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<RecordFile>>(
                [.. _records.Values.Where(r => channelId is null || r.ChannelId == channelId).OrderBy(r => r.Start).ThenBy(r => r.Id)]);
        }
    }

    public ValueTask<IReadOnlyList<RecordFile>> FindRecordsAsync(int channelId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<RecordFile>>(
                [.. _records.Values.Where(r => r.ChannelId == channelId && r.Start <= to && (r.Stop ?? r.Start) >= from).OrderBy(r => r.Priority)]);
        }
    }

    public ValueTask<RecordFile> AddRecordAsync(RecordFile record, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var existing = _records.Values.FirstOrDefault(r => r.Path == record.Path);
            var added = record with { Id = existing?.Id ?? _nextRecordId++ };
            _records[added.Id] = added;
            return ValueTask.FromResult(added);
        }
    }

    public ValueTask UpdateRecordAsync(RecordFile record, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _records[record.Id] = record;
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask DeleteRecordAsync(long recordId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _records.Remove(recordId);
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask MarkRecordReadAsync(long recordId, DateTimeOffset at, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_records.TryGetValue(recordId, out var record))
            {
                _records[recordId] = record with { LastReadAt = at };
            }

            return ValueTask.CompletedTask;
        }
    }

    public ValueTask<RecordFile?> GetRecordAsync(long recordId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_records.GetValueOrDefault(recordId));
        }
    }

    public ValueTask<RecordFile?> GetRecordByPathAsync(string path, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_records.Values.FirstOrDefault(r => r.Path == path));
        }
    }

    public ValueTask<IReadOnlyList<string>> GetRecordLocationsAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<string>>(
                [.. _tasks.Values.Select(t => t.RecordLocation).Concat(_records.Values.Select(r => r.RecordLocation)).Distinct().Order(StringComparer.Ordinal)]);
        }
    }
}
