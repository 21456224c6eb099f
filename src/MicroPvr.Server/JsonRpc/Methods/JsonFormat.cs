using System.Globalization;
using System.Text.Json.Nodes;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>The original's JSON shapes (compat spec §5): dashed member names, unix seconds, integer statuses.</summary>
internal static class JsonFormat
{
    public static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One get_tasks_list entry; number-of-records is always 1 (compat spec §5). "priority" is ours.</summary>
    public static JsonObject Task(RecordingTask task) =>
        new()
        {
            ["task-id"] = task.Id,
            ["channel-id"] = task.ChannelId,
            ["channel-name"] = task.ChannelName ?? "",
            ["stream-source"] = task.StreamSource,
            ["path"] = task.RecordLocation,
            ["start-time"] = Unix(task.Start),
            ["stop-time"] = Unix(task.Stop),
            ["expected-duration"] = (long)task.Duration.TotalSeconds,
            ["repeat-period"] = task.RepeatPeriod is { } period ? (long)period.TotalSeconds : 0,
            ["lifetime"] = (long)task.Lifetime.TotalSeconds,
            ["status"] = (int)task.Status,
            ["number-of-records"] = 1,
            ["priority"] = task.Priority,
        };

    /// <summary>One get_records entry; members after stop-time are ours.</summary>
    public static JsonObject Record(RecordFile record, DateTimeOffset now) =>
        new()
        {
            ["id"] = record.Id,
            ["channel-id"] = record.ChannelId,
            ["channel-name"] = record.ChannelName ?? "",
            ["record-name"] = Path.GetFileName(record.Path),
            ["start-time"] = Unix(record.Start),
            ["stop-time"] = Unix(record.Stop ?? (record.IsWriting ? now : record.Start)),
            ["path"] = record.Path,
            ["record-location"] = record.RecordLocation,
            ["priority"] = record.Priority,
            ["size"] = record.SizeBytes,
            ["writing"] = record.IsWriting,
        };

    /// <summary>One range lock (lock_range, get_locks): unix seconds.</summary>
    public static JsonObject Lock(RangeLock rangeLock) =>
        new()
        {
            ["id"] = rangeLock.Id,
            ["channel_id"] = rangeLock.ChannelId,
            ["from"] = Unix(rangeLock.From),
            ["to"] = Unix(rangeLock.To),
            ["comment"] = rangeLock.Comment ?? "",
            ["created"] = Unix(rangeLock.CreatedAt),
        };
}
