using MicroPvr.Core.Configuration;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tasks.Supervision;
using MicroPvr.Core.Tests.Tasks.Doubles;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Tasks;

/// <summary>
/// A task manager and runner over an in-memory catalog, a fake engine and a hand-moved clock,
/// with real record directories in a temp folder. Moving the clock ticks the runner at every due
/// moment, so days of schedule take milliseconds.
/// </summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new("micropvr-tasks");

    public SchedulerHarness(InMemoryCatalog? catalog = null, ManualClock? clock = null, MicroPvrOptions? options = null)
    {
        Clock = clock ?? new ManualClock(T0);
        Catalog = catalog ?? new InMemoryCatalog();
        Config = new TestConfigService(options ?? new MicroPvrOptions());
        Manager = new TaskManager(Catalog, Clock, ManagerLog);
        Runner = new TaskRunner(Manager, Catalog, Engine, Config, Clock, RunnerLog);
    }

    public ManualClock Clock { get; }
    public InMemoryCatalog Catalog { get; }
    public TestConfigService Config { get; }
    public FakeRecordingEngine Engine { get; } = new();
    public CapturingLogger<TaskManager> ManagerLog { get; } = new();
    public CapturingLogger<TaskRunner> RunnerLog { get; } = new();
    public TaskManager Manager { get; }
    public TaskRunner Runner { get; }
    public string Location => _dir.Path;
    public string Location2 => Directory.CreateDirectory(_dir.Combine("second")).FullName;
    public DateTimeOffset Now => Clock.GetUtcNow();

    public TaskRequest Request(int channel = 3, TimeSpan? duration = null, TimeSpan? repeat = null, DateTimeOffset? start = null, string? location = null) => new()
    {
        ChannelId = channel,
        ChannelName = "Channel " + channel,
        StreamSource = "udp://@239.1.1.1:1234",
        Start = start,
        Duration = duration ?? TimeSpan.FromHours(1),
        Lifetime = TimeSpan.FromDays(1),
        RepeatPeriod = repeat,
        RecordLocation = location ?? Location,
    };

    public async Task<RecordingTask> CreateAsync(TaskRequest request)
    {
        var result = await Manager.CreateTaskAsync(request);
        Assert.True(result.Succeeded, result.ErrorMessage);
        return result.Task!;
    }

    public RecordingTask? Task(long id) => Manager.Snapshot().FirstOrDefault(t => t.Id == id);

    public Task TickAsync() => Runner.TickAsync();

    /// <summary>Moves the clock to <paramref name="target"/>, ticking at every due moment and at least every <paramref name="step"/>.</summary>
    public async Task AdvanceToAsync(DateTimeOffset target, TimeSpan? step = null)
    {
        var maxStep = step ?? TimeSpan.FromMinutes(10);
        await TickAsync();
        while (Now < target)
        {
            var next = Runner.NextDueTime();
            if (next <= Now)
            {
                next = Now + TimeSpan.FromSeconds(1);
            }

            next = Min(Min(next, Now + maxStep), target);
            Clock.Advance(next - Now);
            await TickAsync();
        }
    }

    public Task AdvanceAsync(TimeSpan by, TimeSpan? step = null) => AdvanceToAsync(Now + by, step);

    public async Task<IReadOnlyList<MicroPvr.Core.Catalog.RecordFile>> RecordsAsync() => await Catalog.GetRecordsAsync();

    public async ValueTask DisposeAsync()
    {
        await Runner.DisposeAsync();
        Manager.Dispose();
        _dir.Dispose();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
