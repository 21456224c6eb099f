using MicroPvr.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>
/// The demo channel of the development config (demo-channel-source/-id/-name/-location): at
/// start-up, when a source is set, makes sure a periodic task records it. Runs of one hour with
/// repeat_period == duration, so they follow each other seamlessly (80 s overlap, compat spec §3),
/// and files are kept for a day. An existing task of the same (channel, location) is left as it
/// is: the operator may have changed or cancelled-and-recreated it on purpose.
/// </summary>
public sealed partial class DemoChannelTask
{
    /// <summary>Length of a demo run (and its repeat period).</summary>
    public static readonly TimeSpan RunLength = TimeSpan.FromHours(1);

    /// <summary>How long demo files are kept after their recording ended.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private readonly TaskManager _tasks;
    private readonly IConfigService _config;
    private readonly TimeProvider _time;
    private readonly ILogger<DemoChannelTask> _logger;

    public DemoChannelTask(TaskManager tasks, IConfigService config, TimeProvider time, ILogger<DemoChannelTask> logger)
    {
        _tasks = tasks;
        _config = config;
        _time = time;
        _logger = logger;
    }

    /// <summary>Creates the demo task when configured and missing; returns true when it created one.</summary>
    public async ValueTask<bool> EnsureAsync(CancellationToken ct)
    {
        var options = _config.Current;
        if (string.IsNullOrWhiteSpace(options.DemoChannelSource))
        {
            return false;
        }

        var location = TaskRequestValidator.NormalizeLocation(options.DemoChannelLocation);
        foreach (var task in await _tasks.GetTasksAsync(ct))
        {
            if (task.ChannelId == options.DemoChannelId && TaskRequestValidator.NormalizeLocation(task.RecordLocation) == location)
            {
                return false;
            }
        }

        // Urgent and periodic: the hour in progress is recorded at once (compat spec §3).
        var result = await _tasks.CreateTaskAsync(new TaskRequest
        {
            ChannelId = options.DemoChannelId,
            ChannelName = options.DemoChannelName,
            StreamSource = options.DemoChannelSource,
            Start = HourStart(_time.GetUtcNow()),
            Duration = RunLength,
            RepeatPeriod = RunLength,
            Lifetime = Lifetime,
            RecordLocation = options.DemoChannelLocation,
            Urgent = true,
        }, ct);
        if (result.Succeeded)
        {
            LogDemoCreated(_logger, result.Task!.Id, options.DemoChannelId, options.DemoChannelSource, options.DemoChannelLocation);
        }
        else
        {
            LogDemoRefused(_logger, options.DemoChannelSource, result.ErrorCode, result.ErrorMessage);
        }

        return result.Succeeded;
    }

    private static DateTimeOffset HourStart(DateTimeOffset now) =>
        new(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, Message = "demo channel task {TaskId} created: channel {ChannelId} from {Source} into {Location}")]
    private static partial void LogDemoCreated(ILogger logger, long taskId, int channelId, string source, string location);

    [LoggerMessage(EventId = 4125, Level = LogLevel.Error, Message = "demo channel from {Source} not created ({Code}): {Reason}")]
    private static partial void LogDemoRefused(ILogger logger, string source, int code, string? reason);
}
