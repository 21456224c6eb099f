using MicroPvr.Catalog.Sqlite;
using MicroPvr.Core.Tasks;
using MicroPvr.Server.Monitoring;
using MicroPvr.Server.Tests.Configuration;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Server.Tests.Monitoring;

/// <summary>/healthz checks over a real SQLite catalog, a real task manager and real folders, on a fixed clock.</summary>
public sealed class HealthCheckerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private readonly TempDirectory _dir = new("micropvr-health");
    private readonly FixedTimeProvider _clock = new(T0);
    private readonly SqliteCatalog _catalog;
    private readonly TaskManager _tasks;
    private readonly EventLog _log = new();

    public HealthCheckerTests()
    {
        _catalog = new SqliteCatalog(new SqliteCatalogOptions { DatabasePath = _dir.Combine("data", "catalog.db") }, NullLogger<SqliteCatalog>.Instance);
        _tasks = new TaskManager(_catalog, _clock, NullLogger<TaskManager>.Instance);
    }

    public void Dispose()
    {
        _tasks.Dispose();
        _catalog.Dispose();
        _dir.Dispose();
    }

    private HealthChecker Checker() => new(_catalog, _tasks, runner: null, config: null, _clock, _log, startedAt: T0.AddHours(-1));

    private async Task<RecordingTask> AddTaskAsync(string location, int channel, DateTimeOffset start, RecordingTaskStatus status)
    {
        Directory.CreateDirectory(location);
        var created = await _tasks.CreateTaskAsync(new TaskRequest
        {
            ChannelId = channel,
            StreamSource = "udp://@239.1.1.1:1234",
            Start = start,
            Duration = TimeSpan.FromHours(1),
            Lifetime = TimeSpan.FromDays(1),
            RecordLocation = location,
        });
        Assert.True(created.Succeeded, created.ErrorMessage);
        var task = created.Task! with { Status = status };
        Assert.True(await _tasks.UpdateTaskAsync(task));
        return task;
    }

    [Fact]
    public async Task Healthy_when_the_catalog_answers_locations_accept_files_and_due_tasks_record()
    {
        var location = _dir.Combine("records");
        await AddTaskAsync(location, 3, T0.AddMinutes(-10), RecordingTaskStatus.Started);
        await AddTaskAsync(_dir.Combine("later"), 4, T0.AddHours(2), RecordingTaskStatus.New);

        var report = await Checker().CheckAsync(CancellationToken.None);

        Assert.True(report.Healthy, string.Join("; ", report.Problems));
        Assert.True(report.CatalogUp);
        Assert.Equal(2, report.Tasks);
        Assert.Null(report.Locations[location]);
        Assert.Empty(Directory.GetFileSystemEntries(location)); // the write probe leaves nothing behind
        Assert.Empty(_log.Codes); // no transition from the initial "healthy" state
    }

    [Fact]
    public async Task A_missing_location_or_a_file_in_its_place_is_a_problem_and_the_transitions_are_logged()
    {
        var gone = _dir.Combine("gone");
        var file = _dir.Combine("file");
        await AddTaskAsync(gone, 3, T0.AddHours(1), RecordingTaskStatus.New);
        await AddTaskAsync(file, 4, T0.AddHours(1), RecordingTaskStatus.New);
        Directory.Delete(gone);
        Directory.Delete(file);
        await File.WriteAllTextAsync(file, "not a folder");
        var checker = Checker();

        var report = await checker.CheckAsync(CancellationToken.None);

        Assert.False(report.Healthy);
        Assert.Contains(new HealthProblem("record-location", gone, "missing"), report.Problems);
        Assert.Contains(new HealthProblem("record-location", file, "not a directory"), report.Problems);
        Assert.Equal([7300], _log.Codes);

        await checker.CheckAsync(CancellationToken.None);
        Assert.Equal([7300], _log.Codes); // same problems: logged once

        File.Delete(file);
        Directory.CreateDirectory(file);
        Directory.CreateDirectory(gone);
        Assert.True((await checker.CheckAsync(CancellationToken.None)).Healthy);
        Assert.Equal([7300, 7301], _log.Codes);
    }

    [Fact]
    public async Task A_due_task_that_was_postponed_is_a_problem_at_once()
    {
        var task = await AddTaskAsync(_dir.Combine("records"), 3, T0.AddMinutes(-5), RecordingTaskStatus.Postponed);

        var report = await Checker().CheckAsync(CancellationToken.None);

        var problem = Assert.Single(report.Problems);
        Assert.Equal("task", problem.Check);
        Assert.Equal(task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Subject);
        Assert.Contains("POSTPONED", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_starting_task_gets_the_grace_period_before_it_counts_as_not_recording()
    {
        await AddTaskAsync(_dir.Combine("records"), 3, T0.AddMinutes(-5), RecordingTaskStatus.Starting);
        var checker = Checker();
        Assert.Equal(TimeSpan.FromSeconds(5 + 2 + 5), checker.StartGrace); // defaults: init timeout 5 s, checking period 1 s

        Assert.True((await checker.CheckAsync(CancellationToken.None)).Healthy);
        _clock.Now = T0.AddSeconds(11);
        Assert.True((await checker.CheckAsync(CancellationToken.None)).Healthy);
        _clock.Now = T0.AddSeconds(12);
        var report = await checker.CheckAsync(CancellationToken.None);
        Assert.Contains("STARTING for 12 s", Assert.Single(report.Problems).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_task_whose_window_began_long_ago_is_a_problem_at_the_first_check()
    {
        await AddTaskAsync(_dir.Combine("records"), 3, T0.AddMinutes(-5), RecordingTaskStatus.New);
        await AddTaskAsync(_dir.Combine("fresh"), 4, T0.AddSeconds(-3), RecordingTaskStatus.New);

        var report = await Checker().CheckAsync(CancellationToken.None);

        // The first was due 5 minutes ago; the second only 3 s ago (still within the grace).
        var problem = Assert.Single(report.Problems);
        Assert.Contains("channel 3 ", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("NEW for 300 s", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalog_that_fails_is_a_problem()
    {
        _catalog.Dispose();

        var report = await Checker().CheckAsync(CancellationToken.None);

        Assert.False(report.CatalogUp);
        var problem = Assert.Single(report.Problems);
        Assert.Equal("catalog", problem.Check);
        Assert.NotEmpty(problem.Detail);
    }

    private sealed class EventLog : ILogger<HealthChecker>
    {
        public List<int> Codes { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Codes.Add(eventId.Id);
    }
}
