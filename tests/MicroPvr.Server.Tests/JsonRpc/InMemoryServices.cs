using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;
using MicroPvr.Catalog.Sqlite;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Server.Tests.JsonRpc;

/// <summary>
/// Small in-memory implementations of the domain services for testing the API layer alone, over
/// the real SQLite catalog (the real services are exercised end-to-end against the daemon).
/// </summary>
public sealed class InMemoryServices : IDisposable, ITaskManager, IStorageManager, IPlaylistService, IArchiveLocator, IConfigService, IRequestStatistics, ILoadScore
{
    private readonly ConcurrentDictionary<long, RecordingTask> _tasks = new();
    private readonly TempDirectory _dataDir = new("micropvr-api-test");
    private readonly ConcurrentQueue<(int Channel, string? Aid, bool Ok, bool NearEnd)> _requests = new();
    private long _nextTaskId;

    public InMemoryServices()
    {
        Catalog = new SqliteCatalog(
            new SqliteCatalogOptions { DatabasePath = _dataDir.Combine(SqliteCatalogOptions.DefaultFileName) },
            NullLogger<SqliteCatalog>.Instance);
    }

    public SqliteCatalog Catalog { get; }

    public MicroPvrOptions Current { get; private set; } = new() { JsonRpcListenHost = "127.0.0.1", JsonRpcListenPort = 0 };
    public int NextSetConfigCode { get; set; }
    public List<(DateTimeOffset? Before, int? Channel)> DeleteCalls { get; } = [];
    public List<(int Days, int? Channel)> DeleteDaysCalls { get; } = [];
    public List<(int Channel, string? Location)> CancelCalls { get; } = [];
    public List<long> CancelByIdCalls { get; } = [];
    public List<TaskRequest> TaskRequests { get; } = [];

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

    // Records live in the real SQLite catalog (the daemon's own), in a temp folder.
    public ValueTask<RecordFile> AddRecordAsync(RecordFile record, CancellationToken ct = default) => Catalog.AddRecordAsync(record, ct);

    // IArchiveLocator: best priority covering the time; offset = seconds into the file * 1000 (deterministic).
    public async ValueTask<ArchivePosition?> LocateAsync(int channelId, DateTimeOffset at, int? priority = null, CancellationToken ct = default)
    {
        foreach (var record in await Catalog.FindRecordsAsync(channelId, at, at, ct))
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

    // IPlaylistService: a name when a record overlaps the range; RMPD is not supported.
    public async ValueTask<PlaylistNameResult> GetPlaylistNameAsync(int channelId, DateTimeOffset start, DateTimeOffset end, string? playlistType,
        int? priority = null, CancellationToken ct = default)
    {
        if (playlistType is "RMPD")
        {
            return PlaylistNameResult.Of(PlaylistNameStatus.NotSupported);
        }

        if (playlistType is not (null or "" or "HLS4"))
        {
            return PlaylistNameResult.Of(PlaylistNameStatus.InvalidArgument);
        }

        var records = await Catalog.FindRecordsAsync(channelId, start, end, ct);
        return records.Count == 0
            ? PlaylistNameResult.Of(PlaylistNameStatus.NoRecord)
            : new PlaylistNameResult(PlaylistNameStatus.Ok, $"{GetDirectoryNickname(records[0].RecordLocation)}/{new PlaylistName(channelId, start.ToUnixTimeSeconds(), end.ToUnixTimeSeconds(), priority).FileName}");
    }

    public ValueTask<bool> TryWritePlaylistAsync(string nickname, string fileName, System.Buffers.IBufferWriter<byte> output, CancellationToken ct = default) =>
        ValueTask.FromResult(false);

    // IStorageManager
    public IReadOnlyList<MountPointInfo> GetMountPoints() => [new MountPointInfo("/", 50000, 20480, 29520, ["/tmp/pvr"])];

    public ValueTask<int> DeleteRecordsAsync(DateTimeOffset? startedNoLaterThan, int? channelId, CancellationToken ct = default)
    {
        lock (DeleteCalls)
        {
            DeleteCalls.Add((startedNoLaterThan, channelId));
        }

        return DeleteAsync();

        async ValueTask<int> DeleteAsync()
        {
            var n = 0;
            foreach (var r in await Catalog.GetRecordsAsync(channelId, ct))
            {
                if (!r.IsWriting && (startedNoLaterThan is null || r.Start <= startedNoLaterThan))
                {
                    await Catalog.DeleteRecordAsync(r.Id, ct);
                    n++;
                }
            }

            return n;
        }
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

    public string? ResolveNickname(string nickname) => nickname == "F6D124FC" ? "/tmp/pvr" : null;

    public void RegisterLocation(string recordLocation)
    {
    }

    public SpaceAdmission AdmitRecording(string recordLocation) => new(true, "", "/", -1, 0, 0, null);

    public async ValueTask<bool> DeleteRecordAsync(RecordFile record, string reason, CancellationToken ct = default)
    {
        if (record.IsWriting)
        {
            return false;
        }

        await Catalog.DeleteRecordAsync(record.Id, ct);
        return true;
    }

    // IConfigService
    /// <summary>When set, reading the configuration fails with this message (what a broken config service does: error 201).</summary>
    public string? ConfigReadFailure { get; set; }

    public JsonObject GetConfigJson() => ConfigReadFailure is { } failure
        ? throw new IOException(failure)
        : JsonSerializer.SerializeToNode(Current)!.AsObject();

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

    public void Dispose()
    {
        Catalog.Dispose();
        _dataDir.Dispose();
    }

    // ILoadScore
    public LoadScore GetLoadScore() => new() { IsAlive = true, Score = 1.25, SessionCount = _requests.Count };
}
