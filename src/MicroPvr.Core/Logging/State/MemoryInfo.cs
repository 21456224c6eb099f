using System.Globalization;

namespace MicroPvr.Core.Logging.State;

/// <summary>
/// Memory and swap figures of the state log header (compat spec §7), in KiB, from /proc/meminfo.
/// "Used" memory is MemTotal − MemAvailable (what applications hold; page cache counts as free),
/// "free" is MemAvailable.
/// </summary>
public readonly record struct MemoryInfo(long UsedKiB, long FreeKiB, long SwapUsedKiB, long SwapFreeKiB)
{
    public static MemoryInfo? Read(string path = "/proc/meminfo")
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses lines like "MemTotal:       16318084 kB"; null when MemTotal is missing.</summary>
    public static MemoryInfo? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long? total = null, free = null, available = null, swapTotal = null, swapFree = null;
        foreach (var raw in text.Split('\n'))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            var value = raw[(colon + 1)..].Trim();
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                value = value[..space];
            }
            if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib))
            {
                continue;
            }
            switch (raw[..colon])
            {
                case "MemTotal": total = kib; break;
                case "MemFree": free = kib; break;
                case "MemAvailable": available = kib; break;
                case "SwapTotal": swapTotal = kib; break;
                case "SwapFree": swapFree = kib; break;
            }
        }
        if (total is not { } t)
        {
            return null;
        }
        // Kernels before 3.14 have no MemAvailable: fall back to MemFree.
        var avail = available ?? free ?? 0;
        var sFree = swapFree ?? 0;
        return new MemoryInfo(t - avail, avail, (swapTotal ?? 0) - sFree, sFree);
    }
}
