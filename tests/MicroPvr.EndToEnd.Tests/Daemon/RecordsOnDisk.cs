using MicroPvr.Core.Recording;

namespace MicroPvr.EndToEnd.Tests.Daemon;

/// <summary>What a channel's record folder holds: the .ts files and their keyframe indexes.</summary>
internal static class RecordsOnDisk
{
    public static IReadOnlyList<string> Files(string location, int channelId)
    {
        var dir = Path.Combine(location, $"ch_{channelId}");
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir, "*.ts").Order(StringComparer.Ordinal)] : [];
    }

    public static IndexEntry[] Index(string recordPath)
    {
        var indexPath = KeyframeIndexFormat.IndexPathFor(recordPath);
        return File.Exists(indexPath) ? KeyframeIndexReader.Open(indexPath).ToArray() : [];
    }

    /// <summary>Seconds of stream time the index of a file spans.</summary>
    public static double IndexedSeconds(string recordPath)
    {
        var entries = Index(recordPath);
        return entries.Length < 2 ? 0 : (entries[^1].UtcMilliseconds - entries[0].UtcMilliseconds) / 1000.0;
    }

    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return condition();
    }
}
