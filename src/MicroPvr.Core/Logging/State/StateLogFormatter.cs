using System.Globalization;
using System.Text;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Logging.State;

/// <summary>
/// The state log block in the original's layout (compat spec §7):
/// <code>
/// Log OK: dd/MM HH:mm:ss
/// Mem used: N KiB, mem free: N KiB
/// Swap used: N KiB, swap free: N KiB
/// CPU LA1: 0.5
/// Content requests: N requests in W seconds, R per second
/// Successful requests: N requests in W seconds, R per second
/// </code>
/// then the boxed table of tasks (CID, CHANNEL NAME, SOURCE, START TIME, STOP TIME, LOCK TIME,
/// REPEAT, LOCATION, PRIOR, STATUS) and the boxed table of mount points (PATH, FREE SPACE,
/// RESERVED, AVAILABLE in MiB). Times in the server's time zone. A pure function of its inputs.
/// </summary>
public static class StateLogFormatter
{
    private const string NotAvailable = "n/a";

    /// <summary>REPEAT of the previous run of a periodic task once its next run exists (compat spec §7).</summary>
    public const string Repeated = "repeated";

    public static string Format(StateSnapshot snapshot, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(zone);
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(1024);
        sb.Append("Log OK: ").Append(Local(snapshot.Time, zone).ToString("dd/MM HH:mm:ss", c)).Append('\n');

        if (snapshot.Memory is { } m)
        {
            sb.Append(c, $"Mem used: {m.UsedKiB} KiB, mem free: {m.FreeKiB} KiB\n");
            sb.Append(c, $"Swap used: {m.SwapUsedKiB} KiB, swap free: {m.SwapFreeKiB} KiB\n");
        }
        else
        {
            sb.Append("Mem used: n/a\nSwap used: n/a\n");
        }

        sb.Append("CPU LA1: ").Append(snapshot.LoadAverage1 is { } la ? la.ToString("0.0#", c) : NotAvailable).Append('\n');

        if (snapshot.Requests is { } r)
        {
            var window = Math.Max(1, snapshot.RequestWindowSeconds);
            sb.Append(c, $"Content requests: {r.Overall} requests in {window} seconds, {(double)r.Overall / window:0.0} per second\n");
            sb.Append(c, $"Successful requests: {r.Successful} requests in {window} seconds, {(double)r.Successful / window:0.0} per second\n");
        }
        else
        {
            sb.Append("Content requests: n/a\nSuccessful requests: n/a\n");
        }

        sb.Append('\n');
        AppendTasks(sb, snapshot.Tasks, snapshot.FinishingRuns, zone);
        sb.Append('\n');
        AppendMountPoints(sb, snapshot.MountPoints);
        return sb.ToString();
    }

    private static void AppendTasks(StringBuilder sb, IReadOnlyList<RecordingTask>? tasks, IReadOnlyList<RecordingTask> finishing, TimeZoneInfo zone)
    {
        if (tasks is null)
        {
            sb.Append("Tasks: ").Append(NotAvailable).Append('\n');
            return;
        }

        var table = new TextTable("CID", "CHANNEL NAME", "SOURCE", "START TIME", "STOP TIME", "LOCK TIME", "REPEAT", "LOCATION", "PRIOR", "STATUS");
        foreach (var t in tasks)
        {
            foreach (var previous in finishing)
            {
                // The previous run of a periodic task still records the 80 s overlap while its
                // next run exists (compat spec §3): listed above it, marked "repeated".
                if (previous.Id == t.Id)
                {
                    table.Add(Row(previous, Repeated, zone));
                }
            }

            table.Add(Row(t, t.RepeatPeriod is { } p ? $"{(long)p.TotalSeconds} secs" : "no repeat", zone));
        }

        table.WriteTo(sb);
    }

    private static string[] Row(RecordingTask t, string repeat, TimeZoneInfo zone) =>
    [
        t.ChannelId.ToString(CultureInfo.InvariantCulture),
        t.ChannelName ?? "",
        t.StreamSource,
        Time(t.Start, zone),
        Time(t.Stop, zone),
        // Deletion of the run's file is blocked until its lifetime after the end has passed.
        Time(t.Stop + t.Lifetime, zone),
        repeat,
        t.RecordLocation,
        t.Priority.ToString(CultureInfo.InvariantCulture),
        t.Status.ToString().ToUpperInvariant(),
    ];

    private static void AppendMountPoints(StringBuilder sb, IReadOnlyList<Storage.MountPointInfo>? mounts)
    {
        if (mounts is null)
        {
            sb.Append("Mount points: ").Append(NotAvailable).Append('\n');
            return;
        }

        var table = new TextTable("PATH", "FREE SPACE", "RESERVED", "AVAILABLE");
        foreach (var mount in mounts)
        {
            table.Add(mount.Path, MiB(mount.FreeMiB), MiB(mount.ReservedMiB), MiB(mount.AvailableMiB));
        }

        table.WriteTo(sb);
    }

    private static string MiB(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time, TimeZoneInfo zone) =>
        Local(time, zone).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTime Local(DateTimeOffset time, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(time, zone).DateTime;
}
