using System.Globalization;
using System.Text;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Logging.State;

/// <summary>
/// The state log block (compat spec §7): a header (<c>Log OK: dd/MM HH:mm:ss</c>, memory and swap
/// in KiB, CPU LA1, content requests and successful requests in the window with per-second
/// rates), the table of tasks and the table of mount points. Times in the server's time zone.
/// A pure function of its inputs.
/// </summary>
public static class StateLogFormatter
{
    private const string NotAvailable = "n/a";

    public static string Format(StateSnapshot snapshot, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(zone);
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(1024);
        sb.Append("Log OK: ").Append(Local(snapshot.Time, zone).ToString("dd/MM HH:mm:ss", c)).Append('\n');

        if (snapshot.Memory is { } m)
        {
            sb.Append(c, $"Memory: used {m.UsedKiB} KiB, free {m.FreeKiB} KiB; swap: used {m.SwapUsedKiB} KiB, free {m.SwapFreeKiB} KiB\n");
        }
        else
        {
            sb.Append("Memory: n/a\n");
        }
        sb.Append("CPU LA1: ").Append(snapshot.LoadAverage1 is { } la ? la.ToString("0.00", c) : NotAvailable).Append('\n');

        if (snapshot.Requests is { } r)
        {
            var window = Math.Max(1, snapshot.RequestWindowSeconds);
            sb.Append(c, $"Content requests: {r.Overall} ({(double)r.Overall / window:0.00}/s), successful: {r.Successful} ({(double)r.Successful / window:0.00}/s) in the last {window} s\n");
        }
        else
        {
            sb.Append("Content requests: n/a\n");
        }

        sb.Append('\n');
        AppendTasks(sb, snapshot.Tasks, zone);
        sb.Append('\n');
        AppendMountPoints(sb, snapshot.MountPoints);
        return sb.ToString();
    }

    private static void AppendTasks(StringBuilder sb, IReadOnlyList<RecordingTask>? tasks, TimeZoneInfo zone)
    {
        sb.Append("TASKS\n");
        if (tasks is null)
        {
            sb.Append(NotAvailable).Append('\n');
            return;
        }
        var table = new TextTable("CID", "CHANNEL NAME", "SOURCE", "START TIME", "STOP TIME", "LOCK TIME", "REPEAT", "LOCATION", "PRIOR", "STATUS");
        foreach (var t in tasks)
        {
            table.Add(
                t.ChannelId.ToString(CultureInfo.InvariantCulture),
                t.ChannelName ?? "",
                t.StreamSource,
                Time(t.Start, zone),
                Time(t.Stop, zone),
                // Deletion of the run's file is blocked until its lifetime after the end has passed.
                Time(t.Stop + t.Lifetime, zone),
                t.RepeatPeriod is { } p ? $"{(long)p.TotalSeconds} secs" : "no repeat",
                t.RecordLocation,
                t.Priority.ToString(CultureInfo.InvariantCulture),
                t.Status.ToString().ToUpperInvariant());
        }
        table.WriteTo(sb);
    }

    private static void AppendMountPoints(StringBuilder sb, IReadOnlyList<Storage.MountPointInfo>? mounts)
    {
        sb.Append("MOUNT POINTS\n");
        if (mounts is null)
        {
            sb.Append(NotAvailable).Append('\n');
            return;
        }
        var table = new TextTable("PATH", "FREE SPACE", "RESERVED", "AVAILABLE");
        foreach (var mount in mounts)
        {
            table.Add(mount.Path, MiB(mount.FreeMiB), MiB(mount.ReservedMiB), MiB(mount.AvailableMiB));
        }
        table.WriteTo(sb);
    }

    private static string MiB(long value) => value.ToString(CultureInfo.InvariantCulture) + " MiB";

    private static string Time(DateTimeOffset time, TimeZoneInfo zone) =>
        Local(time, zone).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTime Local(DateTimeOffset time, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(time, zone).DateTime;
}
