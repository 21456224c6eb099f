namespace MicroPvr.Core.Tasks;

/// <summary>
/// The scheduling rules of compat spec §3 as pure functions of the task and "now": no I/O, no
/// clock of its own, so days of schedule can be tested in microseconds. docs/tasks.md walks
/// through each rule with worked examples.
/// </summary>
public static class TaskSchedule
{
    /// <summary>
    /// Seamless daily files: when repeat_period == duration the next run starts this long before
    /// the previous one ends (both files hold the overlap). Also the threshold of the
    /// "less than 80 s of the run left → the next run starts immediately" rule (compat spec §3).
    /// </summary>
    public static readonly TimeSpan SeamlessOverlap = TimeSpan.FromSeconds(80);

    /// <summary>The smallest duration the API accepts (compat spec §3, §5).</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The first run of a new task. One-off: [start, start + duration], started at once when the
    /// start is past; null when its end is not ahead (API error 141). Periodic with a start in the
    /// past, or urgent: the run ending at the smallest start + k·period + duration (integer k, may
    /// be negative for an urgent task) that is still ahead; a past computed start means "at once".
    /// </summary>
    public static RunWindow? PlanFirstRun(DateTimeOffset start, TimeSpan duration, TimeSpan? repeatPeriod, bool urgent, DateTimeOffset now)
    {
        if (repeatPeriod is not { } period)
        {
            var end = start + duration;
            return end > now ? new RunWindow(Max(start, now), end) : null;
        }

        if (start >= now && !urgent)
        {
            return new RunWindow(start, start + duration);
        }

        var slot = FirstSlotEndingAfter(start, duration, period, now);
        return new RunWindow(Max(slot, now), slot + duration);
    }

    /// <summary>
    /// Legacy add_task (compat spec §5): the first run starts at once and lasts until the next
    /// <paramref name="gapTimeHour"/>:00:00 UTC strictly after now; later runs begin at gap_time.
    /// </summary>
    public static RunWindow PlanGapTimeFirstRun(int gapTimeHour, DateTimeOffset now)
    {
        var utcNow = now.ToUniversalTime();
        var gap = new DateTimeOffset(utcNow.Year, utcNow.Month, utcNow.Day, gapTimeHour, 0, 0, TimeSpan.Zero);
        if (gap <= utcNow)
        {
            gap = gap.AddDays(1);
        }

        return new RunWindow(now, gap);
    }

    /// <summary>
    /// The run that follows the task's current run (whose planned end is <see cref="RecordingTask.Stop"/>),
    /// or null for a one-off task. Runs whose end already passed (daemon down, clock jumped
    /// forward) are skipped: the next run is the first one still ahead, started at once when its
    /// start is past. When repeat_period == duration the run starts <see cref="SeamlessOverlap"/>
    /// before the previous one ends (compat spec §3); the lead applies only to a run that directly
    /// follows the previous one at its planned boundary.
    /// </summary>
    public static RunWindow? PlanNextRun(RecordingTask task, DateTimeOffset now)
    {
        if (task.RepeatPeriod is not { } period)
        {
            return null;
        }

        var duration = task.Duration;
        var slot = task.Stop - duration + period;
        if (slot + duration <= now)
        {
            slot = FirstSlotEndingAfter(slot, duration, period, now);
            return new RunWindow(Max(slot, now), slot + duration);
        }

        var start = IsSeamless(task) ? slot - SeamlessOverlap : slot;
        return new RunWindow(start, slot + duration);
    }

    /// <summary>
    /// "If less than 80 s of the run remains, the next run starts immediately instead" (compat
    /// spec §3): true when a failed or dead run should be given up rather than retried.
    /// </summary>
    public static bool ShouldGiveUpRun(DateTimeOffset plannedEnd, DateTimeOffset now) => plannedEnd - now < SeamlessOverlap;

    /// <summary>
    /// The run that replaces a run given up with less than 80 s left: it starts now and keeps its
    /// own planned end (the next slot's end). Null for a one-off task (it is complete).
    /// </summary>
    public static RunWindow? PlanImmediateNextRun(RecordingTask task, DateTimeOffset now)
    {
        if (PlanNextRun(task, now) is not { } next)
        {
            return null;
        }

        return new RunWindow(now, next.End);
    }

    /// <summary>Seamless daily files apply when repeat_period == duration (compat spec §3).</summary>
    public static bool IsSeamless(RecordingTask task) => task.RepeatPeriod == task.Duration;

    /// <summary>Smallest slot = anchor + k·period (integer k) whose end slot + duration is after now.</summary>
    private static DateTimeOffset FirstSlotEndingAfter(DateTimeOffset anchor, TimeSpan duration, TimeSpan period, DateTimeOffset now)
    {
        // k = floor((now - anchor - duration) / period) + 1, with a floor that is right for negatives.
        var behind = (now - anchor - duration).Ticks;
        var k = FloorDiv(behind, period.Ticks) + 1;
        return anchor + TimeSpan.FromTicks(k * period.Ticks);
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
