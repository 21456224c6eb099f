using System.Globalization;

namespace MicroPvr.Core.Catalog;

/// <summary>
/// Parses a record file name `c&lt;channel_id&gt;_t&lt;start_unix&gt;_&lt;task_id&gt;.ts` (compat spec §2): the name
/// alone tells the channel, the start of the recording and its task, which is what lets the
/// catalog be rebuilt from disk.
/// </summary>
public static class RecordFileName
{
    public static bool TryParse(ReadOnlySpan<char> fileName, out int channelId, out DateTimeOffset start, out long taskId)
    {
        channelId = 0;
        start = default;
        taskId = 0;
        if (!fileName.StartsWith("c") || !fileName.EndsWith(".ts"))
        {
            return false;
        }

        var body = fileName[1..^3];
        var first = body.IndexOf("_t");
        if (first <= 0)
        {
            return false;
        }

        var rest = body[(first + 2)..];
        var second = rest.IndexOf('_');
        if (second <= 0
            || !int.TryParse(body[..first], NumberStyles.None, CultureInfo.InvariantCulture, out channelId)
            || !long.TryParse(rest[..second], NumberStyles.None, CultureInfo.InvariantCulture, out var startUnix)
            || !long.TryParse(rest[(second + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out taskId)
            || channelId <= 0
            || startUnix > 253_402_300_799) // 9999-12-31, the DateTimeOffset limit
        {
            return false;
        }

        start = DateTimeOffset.FromUnixTimeSeconds(startUnix);
        return true;
    }
}
