using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Server.Tests.JsonRpc;

/// <summary>
/// Small in-memory implementations of the domain services for testing the API layer alone
/// (the real ones are exercised by the end-to-end suite against the daemon).
/// </summary>
public sealed class InMemoryServices : ITaskManager, ICatalog, IStorageManager, IArchiveLocator, IConfigService, IRequestStatistics, ILoadScore
{
    private readonly ConcurrentDictionary<long, RecordingTask> _tasks = new();
    private readonly ConcurrentDictionary<long, RecordFile> _records = new();
    private readonly ConcurrentQueue<(int Channel, string? Aid, bool Ok, bool NearEnd)> _requests = new();
    private long _nextTaskId;
    private long _nextRecordId;

    public MicroPvrOptions Current { get; private set; } = new() { JsonRpcListenHost = "127.0.0.1", JsonRpcListenPort = 0 };
    public int NextSetConfigCode { get; set; }
    public List<(DateTimeOffset? Before, int? Channel)> DeleteCalls { get; } = [];
    public List<(int Days, int? Channel)> DeleteDaysCalls { get; } = [];
    public List<(int Channel, string? Location)> CancelCalls { get; } = [];
    public List<long> CancelByIdCalls { get; } = [];
    public List<TaskRequest> TaskRequests { get; } = [];
    public ConcurrentDictionary<long, DateTimeOffset> ReadMarks { get; } = new();

    public event Action<MicroPvrOptions>? Changed;

    public IReadOnlyCollection<(int Channel, string? Aid, bool Ok, bool NearEnd)> Requests => _requests;

    public void SetOptions(Action<MicroPvrOptions> change)
    {
        change(Current);
        Changed?.Invoke(Current);
    }

    // ITaskManager: the uniqueness rule of compat spec §3 is enough for the API tests.
    public ValueTask<TaskResult> CreateTaskAsync(TaskRequest request, CancellationToken ct = default)
    {
        lock (TaskRequests)
        {
            TaskRequests.Add(request);
            foreach (var existing in _tasks.Values)
            {
                if (existing.ChannelId == request.ChannelId && existing.RecordLocation == request.RecordLocation)
                {
                    return ValueTask.FromResult(TaskResult.Error(101, "a task for this channel and location exists"));
                }
            }

            var task = new RecordingTask
            {
                Id = Interlocked.Increment(ref _nextTaskId),
                ChannelId = request.ChannelId,
                ChannelName = request.ChannelName,
                StreamSource = request.StreamSource,
                Start = request.Start ?? DateTimeOffset.UtcNow.AddSeconds(5),
                Duration = request.Duration,
                Lifetime = request.Lifetime,
                RepeatPeriod = request.RepeatPeriod,
                RecordLocation = request.RecordLocation,
                Priority = request.Priority,
                Urgent = request.Urgent,
            };
            _tasks[task.Id] = task;
            return ValueTask.FromResult(TaskResult.Ok(task));
        }
    }

    public ValueTask<int> CancelTaskAsync(int channelId, string? recordLocation, CancellationToken ct = default)
    {
        lock (CancelCalls)
        {
            CancelCalls.Add((channelId, recordLocation));
        }

        var n = 0;
        foreach (var task in _tasks.Values)
        {
            if (task.ChannelId == channelId && (recordLocation is null || task.RecordLocation == recordLocation) && _tasks.TryRemove(task.Id, out _))
            {
                n++;
            }
        }

        return ValueTask.FromResult(n);
    }

    public ValueTask<bool> CancelTaskByIdAsync(long taskId, CancellationToken ct = default)
    {
        lock (CancelByIdCalls)
        {
            CancelByIdCalls.Add(taskId);
        }

        return ValueTask.FromResult(_tasks.TryRemove(taskId, out _));
    }

    public ValueTask<IReadOnlyList<RecordingTask>> GetTasksAsync(CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<RecordingTask>>([.. _tasks.Values.OrderBy(t => t.Id)]);

    // ICatalog
    ValueTask<IReadOnlyList<RecordingTask>> ICatalog.GetTasksAsync(CancellationToken ct) => GetTasksAsync(ct);

    public ValueTask<RecordingTask?> GetTaskAsync(long taskId, CancellationToken ct = default) =>
        ValueTask.FromResult(_tasks.TryGetValue(taskId, out var t) ? t : null);

    public ValueTask<RecordingTask> AddTaskAsync(RecordingTask task, CancellationToken ct = default)
    {
        var added = task with { Id = Interlocked.Increment(ref _nextTaskId) };
        _tasks[added.Id] = added;
        return ValueTask.FromResult(added);
    }

    public ValueTask UpdateTaskAsync(RecordingTask task, CancellationToken ct = default)
    {
        _tasks[task.Id] = task;
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteTaskAsync(long taskId, CancellationToken ct = default)
    {
        _tasks.TryRemove(taskId, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<RecordFile>> GetRecordsAsync(int? channelId = null, CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<RecordFile>>([.. _records.Values.Where(r => channelId is null || r.ChannelId == channelId).OrderBy(r => r.Start)]);

    public ValueTask<IReadOnlyList<RecordFile>> FindRecordsAsync(int channelId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<RecordFile>>([.. _records.Values
            .Where(r => r.ChannelId == channelId && r.Start <= to && (r.Stop ?? DateTimeOffset.MaxValue) >= from)
            .OrderBy(r => r.Priority)]);

    public ValueTask<RecordFile> AddRecordAsync(RecordFile record, CancellationToken ct = default)
    {
        var added = record with { Id = Interlocked.Increment(ref _nextRecordId) };
        _records[added.Id] = added;
        return ValueTask.FromResult(added);
    }

    public ValueTask UpdateRecordAsync(RecordFile record, CancellationToken ct = default)
    {
        _records[record.Id] = record;
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteRecordAsync(long recordId, CancellationToken ct = default)
    {
        _records.TryRemove(recordId, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask MarkRecordReadAsync(long recordId, DateTimeOffset at, CancellationToken ct = default)
    {
        ReadMarks[recordId] = at;
        return ValueTask.CompletedTask;
    }

    public ValueTask<RecordFile?> GetRecordAsync(long recordId, CancellationToken ct = default) =>
        ValueTask.FromResult(_records.TryGetValue(recordId, out var r) ? r : null);

    public ValueTask<RecordFile?> GetRecordByPathAsync(string path, CancellationToken ct = default) =>
        ValueTask.FromResult(_records.Values.FirstOrDefault(r => r.Path == path));

    public ValueTask<IReadOnlyList<string>> GetRecordLocationsAsync(CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<string>>([.. _records.Values.Select(r => r.RecordLocation).Distinct()]);

    // IArchiveLocator: best priority covering the time; offset = seconds into the file * 1000 (deterministic).
    public async ValueTask<ArchivePosition?> LocateAsync(int channelId, DateTimeOffset at, int? priority = null, CancellationToken ct = default)
    {
        foreach (var record in await FindRecordsAsync(channelId, at, at, ct))
        {
            if (priority is null || record.Priority == priority)
            {
                var keyframe = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
                keyframe = keyframe.AddSeconds(-((keyframe - record.Start).TotalSeconds % 2));
                return new ArchivePosition(record, (long)(keyframe - record.Start).TotalSeconds * 1000, keyframe);
            }
        }

        return null;
    }

    // IStorageManager
    public IReadOnlyList<MountPointInfo> GetMountPoints() => [new MountPointInfo("/", 50000, 20480, 29520, ["/tmp/pvr"])];

    public ValueTask<int> DeleteRecordsAsync(DateTimeOffset? startedNoLaterThan, int? channelId, CancellationToken ct = default)
    {
        lock (DeleteCalls)
        {
            DeleteCalls.Add((startedNoLaterThan, channelId));
        }

        var n = 0;
        foreach (var r in _records.Values)
        {
            if (!r.IsWriting && (channelId is null || r.ChannelId == channelId) && (startedNoLaterThan is null || r.Start <= startedNoLaterThan)
                && _records.TryRemove(r.Id, out _))
            {
                n++;
            }
        }

        return ValueTask.FromResult(n);
    }

    public ValueTask<int> DeleteOldestDaysAsync(int days, int? channelId, CancellationToken ct = default)
    {
        lock (DeleteDaysCalls)
        {
            DeleteDaysCalls.Add((days, channelId));
        }

        return ValueTask.FromResult(days);
    }

    public string GetDirectoryNickname(string recordLocation) => "F6D124FC";

    // IConfigService
    public JsonObject GetConfigJson() => JsonSerializer.SerializeToNode(Current)!.AsObject();

    public ValueTask<int> SetConfigAsync(JsonObject config, CancellationToken ct = default)
    {
        if (NextSetConfigCode != 0)
        {
            return ValueTask.FromResult(NextSetConfigCode);
        }

        Current = config.Deserialize<MicroPvrOptions>()!;
        Changed?.Invoke(Current);
        return ValueTask.FromResult(0);
    }

    // IRequestStatistics
    public void RecordRequest(int channelId, string? aid, bool successful, bool nearEnd) => _requests.Enqueue((channelId, aid, successful, nearEnd));

    public void AddBytesSent(long bytes)
    {
    }

    public RequestCounters GetCounters() =>
        new(_requests.Count, _requests.Count(r => r.NearEnd), _requests.Count(r => r.Ok));

    public int GetChannelClientCount(int channelId) =>
        _requests.Where(r => r.Channel == channelId && !string.IsNullOrEmpty(r.Aid)).Select(r => r.Aid).Distinct().Count();

    // ILoadScore
    public LoadScore GetLoadScore() => new() { IsAlive = true, Score = 1.25, SessionCount = _requests.Count };
}
