using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tasks.Supervision;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Monitoring;

/// <summary>
/// The checks behind /healthz (docs/monitoring.md): the catalog answers a query, every record
/// location of a current task exists and accepts a new file, and every task whose run is due is
/// recording. Evaluated on request (a probe or a scrape), never in the background; the transitions
/// are logged (7300 failed, 7301 passes again), so the log shows when a probe first saw a problem.
/// </summary>
public sealed partial class HealthChecker
{
    /// <summary>A catalog that takes longer than this to list the tasks counts as unusable.</summary>
    public static readonly TimeSpan CatalogTimeout = TimeSpan.FromSeconds(5);

    private const string ProbeFileName = ".micropvr-healthz";

    private readonly ICatalog? _catalog;
    private readonly TaskManager? _tasks;
    private readonly TaskRunner? _runner;
    private readonly IConfigService? _config;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    /// <summary>Task id → when it was first seen due but not recording (transient states get a grace period).</summary>
    private readonly Dictionary<long, DateTimeOffset> _notRecordingSince = [];
    private string _lastProblems = "";

    /// <summary>When this daemon started (a task cannot have waited for it longer than that).</summary>
    private readonly DateTimeOffset _startedAt;

    public HealthChecker(ICatalog? catalog, TaskManager? tasks, TaskRunner? runner, IConfigService? config, TimeProvider time, ILogger<HealthChecker> logger, DateTimeOffset? startedAt = null)
    {
        _startedAt = startedAt ?? ProcessInfo.StartTime;
        _catalog = catalog;
        _tasks = tasks;
        _runner = runner;
        _config = config;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// How long a due task may stay NEW, STARTING or UNKNOWN before it counts as not recording:
    /// recorder-init-timeout plus two recorder-checking-periods plus 5 s of slack.
    /// </summary>
    public TimeSpan StartGrace
    {
        get
        {
            var o = _config?.Current ?? new MicroPvrOptions();
            return TimeSpan.FromSeconds(Math.Max(1, o.RecorderInitTimeoutSeconds) + (2 * Math.Max(1, o.RecorderCheckingPeriodSeconds)) + 5);
        }
    }

    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var problems = new List<HealthProblem>();
        var warnings = new List<HealthProblem>();
        var catalogUp = await CheckCatalogAsync(problems, ct);
        var tasks = _tasks?.Snapshot() ?? [];
        var locations = CheckLocations(tasks, problems);
        var recording = CheckTasks(tasks, now, problems, warnings);
        var report = new HealthReport
        {
            CheckedAt = now,
            CatalogUp = catalogUp,
            Locations = locations,
            Tasks = tasks.Count,
            Recording = recording,
            Problems = problems,
            Warnings = warnings,
        };
        LogTransition(report);
        return report;
    }

    private async Task<bool> CheckCatalogAsync(List<HealthProblem> problems, CancellationToken ct)
    {
        if (_catalog is null)
        {
            problems.Add(new HealthProblem("catalog", "", "no catalog is registered in this daemon"));
            return false;
        }

        try
        {
            await _catalog.GetTasksAsync(ct).AsTask().WaitAsync(CatalogTimeout, _time, ct);
            return true;
        }
        catch (TimeoutException)
        {
            problems.Add(new HealthProblem("catalog", "", $"no answer within {CatalogTimeout.TotalSeconds:0} s"));
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            problems.Add(new HealthProblem("catalog", "", ex.GetBaseException().Message));
            return false;
        }
    }

    /// <summary>Each distinct location of a current task: it exists and a file can be created in it.</summary>
    private static SortedDictionary<string, string?> CheckLocations(IReadOnlyList<RecordingTask> tasks, List<HealthProblem> problems)
    {
        var result = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (result.ContainsKey(task.RecordLocation))
            {
                continue;
            }

            var failure = ProbeLocation(task.RecordLocation);
            result[task.RecordLocation] = failure;
            if (failure is not null)
            {
                problems.Add(new HealthProblem("record-location", task.RecordLocation, failure));
            }
        }

        return result;
    }

    /// <summary>Null when the directory exists and accepts a new file (created and deleted at once), else why not.</summary>
    public static string? ProbeLocation(string location)
    {
        if (!Directory.Exists(location))
        {
            return File.Exists(location) ? "not a directory" : "missing";
        }

        try
        {
            using var probe = new FileStream(Path.Combine(location, ProbeFileName), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "not writable: " + ex.Message;
        }
    }

    /// <summary>Problems for due tasks that do not record; returns how many tasks have a recorder writing.</summary>
    private int CheckTasks(IReadOnlyList<RecordingTask> tasks, DateTimeOffset now, List<HealthProblem> problems, List<HealthProblem> warnings)
    {
        var runs = _runner?.Runs ?? [];
        var writing = new HashSet<long>();
        foreach (var run in runs)
        {
            if (run.Phase == TaskRunPhase.Recording)
            {
                writing.Add(run.Task.Id);
                if (run.ReadStatistics() is { Silent: true } stats)
                {
                    warnings.Add(new HealthProblem("source", run.Task.StreamSource,
                        $"task {run.Task.Id} (channel {run.Task.ChannelId}) receives nothing" + (stats.LastPacketUtc is { } last ? $" since {last:u}" : "")));
                }
            }
        }

        var grace = StartGrace;
        lock (_lock)
        {
            var seen = new HashSet<long>();
            foreach (var task in tasks)
            {
                seen.Add(task.Id);
                if (Diagnose(task, now, writing.Contains(task.Id), grace) is { } detail)
                {
                    problems.Add(new HealthProblem("task", task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), detail));
                }
            }

            foreach (var id in new List<long>(_notRecordingSince.Keys))
            {
                if (!seen.Contains(id))
                {
                    _notRecordingSince.Remove(id);
                }
            }
        }

        return writing.Count;
    }

    /// <summary>
    /// A task is due from the start of its run (the 80 s lead included) to its planned end. Due and
    /// not STARTED: POSTPONED or FAILED is a problem at once (a start failed); NEW, STARTING and
    /// UNKNOWN only after <see cref="StartGrace"/> (a start takes a moment).
    /// </summary>
    private string? Diagnose(RecordingTask task, DateTimeOffset now, bool writing, TimeSpan grace)
    {
        var nominal = task.Stop - task.Duration;
        var windowStart = task.Start < nominal ? task.Start : nominal;
        var due = windowStart <= now && now < task.Stop;
        if (!due || (task.Status == RecordingTaskStatus.Started && (writing || _runner is null)))
        {
            _notRecordingSince.Remove(task.Id);
            return null;
        }

        if (!_notRecordingSince.TryGetValue(task.Id, out var since))
        {
            // NEW or UNKNOWN: this run never started, so it has been waiting since its window began
            // (or since this daemon started). STARTING: a (re)start is under way, timed from now.
            since = task.Status is RecordingTaskStatus.New or RecordingTaskStatus.Unknown ? Max(windowStart, _startedAt) : now;
            _notRecordingSince[task.Id] = since;
        }

        var status = task.Status.ToString().ToUpperInvariant();
        var what = $"channel {task.ChannelId} into {task.RecordLocation} should record until {task.Stop:u} but is {status}";
        if (task.Status is RecordingTaskStatus.Postponed or RecordingTaskStatus.Failed)
        {
            return what;
        }

        return now - since >= grace ? $"{what} for {(now - since).TotalSeconds:0} s" : null;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void LogTransition(HealthReport report)
    {
        var text = string.Join("; ", report.Problems);
        lock (_lock)
        {
            if (text == _lastProblems)
            {
                return;
            }

            _lastProblems = text;
        }

        if (text.Length == 0)
        {
            LogHealthy(_logger);
        }
        else
        {
            LogUnhealthy(_logger, text);
        }
    }
}
