namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>
/// Delay before restarting a recorder that died (ARCHITECTURE habit 5): 1 s, 2 s, 4 s ... doubling
/// per consecutive death, never longer than task-postpone-time. A recorder that ran for at least
/// <see cref="StableAfter"/> before dying starts the sequence again.
/// </summary>
internal static class RecorderBackoff
{
    public static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);

    public static TimeSpan Delay(int consecutiveDeaths, TimeSpan cap)
    {
        var exponent = Math.Clamp(consecutiveDeaths - 1, 0, 20);
        var delay = TimeSpan.FromSeconds(1L << exponent);
        return delay < cap ? delay : cap;
    }
}
