namespace MicroPvr.Core.Recording;

/// <summary>
/// A record location cannot take a recording any more (or not now): its directory was removed or
/// unmounted, it became read-only, or it cannot be written. A recording handle completes with it
/// when the engine's periodic check finds the file it writes unreachable; the task supervisor
/// postpones the task by task-postpone-time instead of restarting at once (docs/storage.md).
/// </summary>
public sealed class RecordLocationException : IOException
{
    public RecordLocationException()
    {
        Location = "";
        Reason = "";
    }

    public RecordLocationException(string message)
        : base(message)
    {
        Location = "";
        Reason = message;
    }

    public RecordLocationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Location = "";
        Reason = message;
    }

    /// <param name="location">The record file or location that failed the check.</param>
    /// <param name="reason">What the check found, for the logs and the task's postponement.</param>
    public RecordLocationException(string location, string reason, Exception? innerException)
        : base($"{location}: {reason}", innerException)
    {
        Location = location;
        Reason = reason;
    }

    /// <summary>The record file or location that failed the check.</summary>
    public string Location { get; }

    /// <summary>What the check found.</summary>
    public string Reason { get; }
}
