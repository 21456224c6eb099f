using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tasks;

/// <summary>TASK MANAGER log lines (compat spec §7, codes 4xxx; docs/tasks.md lists them).</summary>
public sealed partial class TaskManager
{
    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "task {TaskId} created: channel {ChannelId} from {Source} into {Location}, first run {Start:u} - {Stop:u}, repeat {RepeatSeconds} s")]
    private static partial void LogTaskCreated(ILogger logger, long taskId, int channelId, string source, string location, DateTimeOffset start, DateTimeOffset stop, long repeatSeconds);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "task for channel {ChannelId} into {Location} refused ({Code}): {Reason}")]
    private static partial void LogTaskRefused(ILogger logger, int channelId, string location, int code, string? reason);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "task {TaskId} completed: channel {ChannelId} into {Location}")]
    private static partial void LogTaskCompleted(ILogger logger, long taskId, int channelId, string location);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "task {TaskId} cancelled: channel {ChannelId} into {Location} (files kept)")]
    private static partial void LogTaskCancelled(ILogger logger, long taskId, int channelId, string location);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "{Count} tasks loaded from the catalog")]
    private static partial void LogTasksLoaded(ILogger logger, int count);
}
