using System.Diagnostics;

namespace MicroPvr.Server.Monitoring;

/// <summary>Process basics for /metrics (the usual <c>process_*</c> families), read on each scrape.</summary>
public static class ProcessInfo
{
    /// <summary>When this process started (UTC).</summary>
    public static DateTimeOffset StartTime { get; } = ReadStartTime();

    /// <summary>Open file descriptors (entries of /proc/self/fd), or null off Linux.</summary>
    public static int? OpenFileDescriptors()
    {
        try
        {
            var count = 0;
            foreach (var _ in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                count++;
            }

            return count;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static DateTimeOffset ReadStartTime()
    {
        using var self = Process.GetCurrentProcess();
        return new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }
}
