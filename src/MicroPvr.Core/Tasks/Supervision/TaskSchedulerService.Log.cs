using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>TASK MANAGER log lines of the scheduler loop (compat spec §7).</summary>
public sealed partial class TaskSchedulerService
{
    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning, Message = "host clock jumped by {Seconds} s (now {Now:u}); waits kept their length, planned runs stay on the wall clock")]
    private static partial void LogClockJump(ILogger logger, long seconds, DateTimeOffset now);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Error, Message = "scheduler tick failed; retrying")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Error, Message = "task scheduler start-up failed (catalog not ready?); retrying in 5 s")]
    private static partial void LogStartUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Information, Message = "task scheduler started with {Count} tasks")]
    private static partial void LogSchedulerStarted(ILogger logger, int count);
}
