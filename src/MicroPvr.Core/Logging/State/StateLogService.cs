using MicroPvr.Core.Configuration;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tasks.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Logging.State;

/// <summary>
/// Writes the state log every log-state-period minutes (compat spec §7); 0 = off. The file is
/// replaced atomically with the latest snapshot (a "current state" file, not an ever-growing log).
/// Tasks, mount points and request counters come from the areas that own them when they are
/// registered; the period is re-read after every snapshot, so set_config changes apply.
/// </summary>
public sealed partial class StateLogService : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(30);
    private readonly IConfigService _config;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeZoneInfo _zone;

    public StateLogService(IConfigService config, IServiceProvider services, TimeProvider time, ILogger<StateLogService> logger, TimeZoneInfo? zone = null)
    {
        _config = config;
        _services = services;
        _time = time;
        _logger = logger;
        _zone = zone ?? TimeZoneInfo.Local;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var minutes = _config.Current.LogStatePeriodMinutes;
                if (minutes <= 0)
                {
                    await Task.Delay(IdlePoll, _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                await Task.Delay(TimeSpan.FromMinutes(minutes), _time, stoppingToken).ConfigureAwait(false);
                if (_config.Current.LogStatePeriodMinutes > 0)
                {
                    await WriteSnapshotAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Takes a snapshot and writes it to log-state-path now.</summary>
    public async Task WriteSnapshotAsync(CancellationToken ct)
    {
        var options = _config.Current;
        var snapshot = await TakeSnapshotAsync(options, ct).ConfigureAwait(false);
        var text = StateLogFormatter.Format(snapshot, _zone);
        var path = options.LogStatePath;
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
            var temp = path + ".tmp";
            await File.WriteAllTextAsync(temp, text, ct).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
            LogWritten(_logger, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(_logger, path, ex.Message);
        }
    }

    private async Task<StateSnapshot> TakeSnapshotAsync(MicroPvrOptions options, CancellationToken ct)
    {
        IReadOnlyList<RecordingTask>? tasks = null;
        if (_services.GetService<ITaskManager>() is { } taskManager)
        {
            try
            {
                tasks = await taskManager.GetTasksAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPartFailed(_logger, "tasks", ex.Message);
            }
        }
        var finishing = new List<RecordingTask>();
        if (_services.GetService<TaskRunner>() is { } runner)
        {
            foreach (var run in runner.Runs)
            {
                if (run.Finishing)
                {
                    finishing.Add(run.Task with { Stop = run.PlannedEnd, Status = run.Phase == TaskRunPhase.Recording ? RecordingTaskStatus.Started : run.Task.Status });
                }
            }
        }

        IReadOnlyList<MountPointInfo>? mounts = null;
        if (_services.GetService<IStorageManager>() is { } storage)
        {
            try
            {
                mounts = storage.GetMountPoints();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                LogPartFailed(_logger, "mount points", ex.Message);
            }
        }
        var requests = _services.GetService<IRequestStatistics>()?.GetCounters();
        double? la1 = null;
        try
        {
            la1 = ProcLoadAverage.Parse(File.ReadAllText("/proc/loadavg"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux: the header says n/a.
        }
        return new StateSnapshot
        {
            Time = _time.GetUtcNow(),
            Memory = MemoryInfo.Read(),
            LoadAverage1 = la1,
            Requests = requests,
            RequestWindowSeconds = options.MonitorRequestLifetimeSeconds,
            Tasks = tasks,
            FinishingRuns = finishing,
            MountPoints = mounts,
        };
    }
}
