namespace MicroPvr.Core.Tasks;

/// <summary>API error codes of task requests (compat spec §5).</summary>
public static class TaskErrorCodes
{
    /// <summary>A required argument is missing or invalid (also: a duplicate (channel_id, record_location)).</summary>
    public const int InvalidArgument = 101;
    /// <summary>repeat_period is smaller than duration.</summary>
    public const int RepeatPeriodTooShort = 140;
    /// <summary>The end time of a one-off task is already past.</summary>
    public const int EndTimeInPast = 141;
}
