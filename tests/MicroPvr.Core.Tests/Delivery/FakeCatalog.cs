using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Tests.Delivery;

/// <summary>An in-memory catalog of records with the ICatalog query semantics the delivery side relies on.</summary>
internal sealed class FakeCatalog : ICatalog, ILiveDiscontinuityStore
{
    private readonly InMemoryLiveDiscontinuityStore _marks = new();

    private readonly List<RecordFile> _records = [];
    private readonly TimeProvider _time;

    public FakeCatalog(TimeProvider time) => _time = time;

    public int FindCalls { get; private set; }

    public RecordFile Add(RecordFile r)
    {
        lock (_records)
        {
            r = r with { Id = _records.Count + 1 };
            _records.Add(r);
            return r;
        }
    }

    public void Replace(RecordFile r)
    {
        lock (_records)
        {
            _records[_records.FindIndex(x => x.Id == r.Id)] = r;
        }
    }

    public void Remove(long id)
    {
        lock (_records)
        {
            _records.RemoveAll(x => x.Id == id);
        }
    }

    public ValueTask<IReadOnlyList<RecordFile>> FindRecordsAsync(int channelId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        FindCalls++;
        lock (_records)
        {
            var now = _time.GetUtcNow();
            IReadOnlyList<RecordFile> list = _records
                .Where(r => r.ChannelId == channelId && r.Start <= to && (r.IsWriting ? now : r.Stop ?? now) >= from)
                .OrderBy(r => r.Priority).ThenBy(r => r.Start).ToList();
            return ValueTask.FromResult(list);
        }
    }

    public ValueTask<IReadOnlyList<RecordFile>> GetRecordsAsync(int? channelId = null, CancellationToken ct = default)
    {
        lock (_records)
        {
            IReadOnlyList<RecordFile> list = _records.Where(r => channelId is null || r.ChannelId == channelId).OrderBy(r => r.Start).ToList();
            return ValueTask.FromResult(list);
        }
    }

    public ValueTask<IReadOnlyList<RecordingTask>> GetTasksAsync(CancellationToken ct = default) => ValueTask.FromResult<IReadOnlyList<RecordingTask>>([]);
    public ValueTask<RecordingTask?> GetTaskAsync(long taskId, CancellationToken ct = default) => ValueTask.FromResult<RecordingTask?>(null);
    public ValueTask<RecordingTask> AddTaskAsync(RecordingTask task, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask UpdateTaskAsync(RecordingTask task, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask DeleteTaskAsync(long taskId, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<RecordFile> AddRecordAsync(RecordFile record, CancellationToken ct = default) => ValueTask.FromResult(Add(record));
    public ValueTask UpdateRecordAsync(RecordFile record, CancellationToken ct = default)
    {
        Replace(record);
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteRecordAsync(long recordId, CancellationToken ct = default)
    {
        Remove(recordId);
        return ValueTask.CompletedTask;
    }

    public ValueTask<RecordFile?> GetRecordAsync(long recordId, CancellationToken ct = default)
    {
        lock (_records)
        {
            return ValueTask.FromResult(_records.FirstOrDefault(r => r.Id == recordId));
        }
    }

    public ValueTask<RecordFile?> GetRecordByPathAsync(string path, CancellationToken ct = default)
    {
        lock (_records)
        {
            return ValueTask.FromResult(_records.FirstOrDefault(r => r.Path == path));
        }
    }

    public ValueTask<IReadOnlyList<string>> GetRecordLocationsAsync(CancellationToken ct = default)
    {
        lock (_records)
        {
            IReadOnlyList<string> list = _records.Select(r => r.RecordLocation).Distinct().Order(StringComparer.Ordinal).ToList();
            return ValueTask.FromResult(list);
        }
    }

    public ValueTask MarkRecordReadAsync(long recordId, DateTimeOffset at, CancellationToken ct = default) => ValueTask.CompletedTask;

    /// <summary>The marks a restarted planner finds (the catalog's table).</summary>
    public ValueTask<LiveDiscontinuityMark?> GetLiveDiscontinuityMarkAsync(int channelId, CancellationToken ct = default) =>
        _marks.GetLiveDiscontinuityMarkAsync(channelId, ct);

    public ValueTask<LiveDiscontinuityMark> ReplaceLiveDiscontinuityMarkAsync(LiveDiscontinuityMark? expected, LiveDiscontinuityMark mark, CancellationToken ct = default) =>
        _marks.ReplaceLiveDiscontinuityMarkAsync(expected, mark, ct);
}
