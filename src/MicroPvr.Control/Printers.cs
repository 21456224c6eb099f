using System.Text.Json.Nodes;

namespace MicroPvr.Control;

/// <summary>Human-readable views of the answers micropvr_control's own functions get (compat spec §8).</summary>
public static class Printers
{
    public static void Tasks(TextWriter output, JsonArray tasks, bool quiet)
    {
        var table = new TableWriter("ID", "CID", "CHANNEL NAME", "SOURCE", "START TIME", "STOP TIME", "REPEAT", "LOCATION", "PRIOR", "STATUS");
        foreach (var task in tasks)
        {
            table.Add(
                Formatting.Text(task?["task-id"]),
                Formatting.Text(task?["channel-id"]),
                Formatting.Text(task?["channel-name"]),
                Formatting.Text(task?["stream-source"]),
                Formatting.Time(task?["start-time"]),
                Formatting.Time(task?["stop-time"]),
                Formatting.Repeat(task?["repeat-period"]),
                Formatting.Text(task?["path"]),
                Formatting.Text(task?["priority"]),
                Formatting.Status(task?["status"]));
        }

        Section(output, "TASKS", table, quiet);
    }

    public static void MountPoints(TextWriter output, JsonArray mounts, bool quiet)
    {
        var table = new TableWriter("PATH", "FREE SPACE", "RESERVED", "AVAILABLE", "RECORD LOCATIONS");
        foreach (var mount in mounts)
        {
            var locations = mount?["record_locations"] as JsonArray ?? [];
            table.Add(
                Formatting.Text(mount?["path"]),
                $"{Formatting.Text(mount?["free"])} MiB",
                $"{Formatting.Text(mount?["reserved"])} MiB",
                $"{Formatting.Text(mount?["available"])} MiB",
                string.Join(", ", locations.Select(Formatting.Text)));
        }

        Section(output, "MOUNT POINTS", table, quiet);
    }

    public static void Records(TextWriter output, JsonArray records, bool quiet)
    {
        var table = new TableWriter("ID", "CID", "CHANNEL NAME", "START TIME", "STOP TIME", "SIZE", "FILE");
        foreach (var record in records)
        {
            var size = record?["size"] is { } s && long.TryParse(s.ToString(), out var bytes) ? $"{bytes / (1024 * 1024)} MiB" : "-";
            table.Add(
                Formatting.Text(record?["id"]),
                Formatting.Text(record?["channel-id"]),
                Formatting.Text(record?["channel-name"]),
                Formatting.Time(record?["start-time"]),
                Formatting.Time(record?["stop-time"]),
                size,
                Formatting.Text(record?["path"] ?? record?["record-name"]));
        }

        Section(output, "RECORDS", table, quiet);
    }

    private static void Section(TextWriter output, string title, TableWriter table, bool quiet)
    {
        if (!quiet)
        {
            output.WriteLine($"{title} ({table.Count})");
        }

        table.Write(output, withHeader: !quiet);
        if (!quiet)
        {
            output.WriteLine();
        }
    }
}
