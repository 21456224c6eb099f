using System.Diagnostics;
using System.Globalization;

namespace MicroPvr.BenchTools;

/// <summary>One rate of a controlled ts-replay run: where it started, to report what it achieved.</summary>
/// <param name="Mbits">Asked total rate.</param>
/// <param name="Start">Seconds since the replay started.</param>
/// <param name="Datagrams">Datagrams sent before it.</param>
/// <param name="Cpu">The process's CPU time at its start.</param>
/// <param name="Calls">sendmmsg calls before it.</param>
/// <param name="LagResets">Lag resets before it.</param>
public sealed record ReplaySegment(double Mbits, double Start, long Datagrams, TimeSpan Cpu, long Calls, long LagResets)
{
    /// <summary>`STATS asked achieved cores datagrams_per_call lag_resets` for the segment so far.</summary>
    public string Report(double now, long datagrams, long calls, long lagResets)
    {
        var wall = Math.Max(1e-3, now - Start);
        var sent = datagrams - Datagrams;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalSeconds;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"STATS {Mbits:0.###} {sent * 1316 * 8 / wall / 1e6:0.###} {cpu / wall:0.###} {(double)sent / Math.Max(1, calls - Calls):0.##} {lagResets - LagResets}");
    }
}
