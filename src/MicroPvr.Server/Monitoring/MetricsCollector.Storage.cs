using MicroPvr.Core.Storage;

namespace MicroPvr.Server.Monitoring;

/// <summary>Disk space per mount point and the record locations on them.</summary>
public sealed partial class MetricsCollector
{
    private static void WriteStorage(PrometheusTextWriter w, IStorageManager storage, HealthReport health)
    {
        var mounts = storage.GetMountPoints();
        var totals = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var m in mounts)
        {
            totals[m.Path] = TotalBytes(m.Path);
        }

        w.Family("micropvr_mount_free_bytes", MetricType.Gauge, "Space an unprivileged writer may still use on the file system (df Avail).");
        foreach (var m in mounts)
        {
            w.Sample(m.FreeMiB * MiB, ("mount", m.Path));
        }

        w.Family("micropvr_mount_total_bytes", MetricType.Gauge, "Size of the file system.");
        foreach (var m in mounts)
        {
            if (totals[m.Path] is { } total)
            {
                w.Sample(total, ("mount", m.Path));
            }
        }

        w.Family("micropvr_mount_reserved_bytes", MetricType.Gauge, "Space reserved by running recordings (records-default-reserve-size each, with recorder-check-free-space).");
        foreach (var m in mounts)
        {
            w.Sample(m.ReservedMiB * MiB, ("mount", m.Path));
        }

        w.Family("micropvr_mount_available_bytes", MetricType.Gauge, "Free minus reserved: what a new recording is admitted against (records-min-free-space).");
        foreach (var m in mounts)
        {
            w.Sample(m.AvailableMiB * MiB, ("mount", m.Path));
        }

        w.Family("micropvr_record_location_info", MetricType.Gauge, "Always 1: a record location, its mount point and its direct-access nickname.");
        foreach (var m in mounts)
        {
            foreach (var location in m.RecordLocations)
            {
                w.Sample(1, ("location", location), ("mount", m.Path), ("nickname", storage.GetDirectoryNickname(location)));
            }
        }

        w.Family("micropvr_record_location_writable", MetricType.Gauge, "1 when the location of a current task exists and accepts a new file (the /healthz probe).");
        foreach (var (location, failure) in health.Locations)
        {
            w.Sample(failure is null ? 1 : 0, ("location", location));
        }
    }

    private static long? TotalBytes(string mount)
    {
        try
        {
            return new DriveInfo(mount).TotalSize;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
