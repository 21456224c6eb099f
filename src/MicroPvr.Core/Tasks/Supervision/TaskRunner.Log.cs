using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>TASK MANAGER (4xxx) and RECORDER MANAGER (5xxx) log lines of the runner (compat spec §7).</summary>
public sealed partial class TaskRunner
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "task {TaskId} started: channel {ChannelId} into {Path}, planned end {PlannedEnd:u}")]
    private static partial void LogTaskStarted(ILogger logger, long taskId, int channelId, string path, DateTimeOffset plannedEnd);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "task {TaskId} postponed until {RetryAt:u}: {Reason}")]
    private static partial void LogPostponed(ILogger logger, long taskId, DateTimeOffset retryAt, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "task {TaskId} next run {Start:u} - {Stop:u}")]
    private static partial void LogNextRun(ILogger logger, long taskId, DateTimeOffset start, DateTimeOffset stop);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "task {TaskId} failed: {Reason}; no retry before the run's planned end {PlannedEnd:u}")]
    private static partial void LogTaskFailed(ILogger logger, long taskId, string reason, DateTimeOffset plannedEnd);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "task {TaskId}: run given up with {SecondsLeft} s left (less than 80 s); the next run starts immediately")]
    private static partial void LogGaveUp(ILogger logger, long taskId, int secondsLeft);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "task {TaskId} resumed after a daemon restart; the run goes on into a new file until {PlannedEnd:u}")]
    private static partial void LogResumed(ILogger logger, long taskId, DateTimeOffset plannedEnd);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "recorder starting for task {TaskId}: {Source} -> {Path}")]
    private static partial void LogRecorderStarting(ILogger logger, long taskId, string source, string path);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "recorder started for task {TaskId}: {Path}")]
    private static partial void LogRecorderStarted(ILogger logger, long taskId, string path);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "recorder start failed for task {TaskId} (postponed): {Reason}")]
    private static partial void LogStartFailed(ILogger logger, long taskId, string reason);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Warning, Message = "recorder died for task {TaskId} writing {Path} (restarting): {Reason}")]
    private static partial void LogRecorderDied(ILogger logger, long taskId, string path, string reason);

    [LoggerMessage(EventId = 5114, Level = LogLevel.Information, Message = "record completed for task {TaskId}: {Path}")]
    private static partial void LogRecordCompleted(ILogger logger, long taskId, string path);

    [LoggerMessage(EventId = 5115, Level = LogLevel.Warning, Message = "recorder for task {TaskId} did not start within recorder-init-timeout ({Seconds} s)")]
    private static partial void LogInitTimeout(ILogger logger, long taskId, int seconds);

    [LoggerMessage(EventId = 5117, Level = LogLevel.Information, Message = "all recorders stopped ({Count} files closed)")]
    private static partial void LogAllStopped(ILogger logger, int count);

    [LoggerMessage(EventId = 5118, Level = LogLevel.Warning, Message = "task {TaskId}: the clock went backwards, {Path} closed and the recording goes on in a new file")]
    private static partial void LogRotated(ILogger logger, long taskId, string path);

    [LoggerMessage(EventId = 5122, Level = LogLevel.Warning, Message = "record location {Location} of task {TaskId} is not usable: {Reason}; the task is postponed by task-postpone-time")]
    private static partial void LogLocationUnusable(ILogger logger, long taskId, string location, string reason);

    [LoggerMessage(EventId = 5121, Level = LogLevel.Error, Message = "stopping the recorder of task {TaskId} failed")]
    private static partial void LogStopFailed(ILogger logger, long taskId, Exception exception);
}
