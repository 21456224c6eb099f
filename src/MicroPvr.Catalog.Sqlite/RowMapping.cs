using MicroPvr.Core.Catalog;
using MicroPvr.Core.Tasks;
using Microsoft.Data.Sqlite;

namespace MicroPvr.Catalog.Sqlite;

/// <summary>Rows ↔ domain records. Times are unix ms UTC, durations whole seconds.</summary>
internal static class RowMapping
{
    public const string TaskColumns =
        "id, channel_id, channel_name, stream_source, start_ms, duration_s, lifetime_s, repeat_period_s, record_location, priority, urgent, status, stop_ms";

    public const string RecordColumns =
        "id, task_id, channel_id, channel_name, path, record_location, priority, start_ms, stop_ms, is_writing, lifetime_s, last_read_ms, size_bytes";

    /// <summary>lifetime_s value that stands for <see cref="RecordFile.UnknownLifetime"/>.</summary>
    private const long UnknownLifetimeSeconds = -1;

    public static RecordingTask ReadTask(SqliteDataReader r)
    {
        var task = new RecordingTask
        {
            Id = r.GetInt64(0),
            ChannelId = r.GetInt32(1),
            ChannelName = r.IsDBNull(2) ? null : r.GetString(2),
            StreamSource = r.GetString(3),
            Start = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
            Duration = TimeSpan.FromSeconds(r.GetInt64(5)),
            Lifetime = TimeSpan.FromSeconds(r.GetInt64(6)),
            RepeatPeriod = r.IsDBNull(7) ? null : TimeSpan.FromSeconds(r.GetInt64(7)),
            RecordLocation = r.GetString(8),
            Priority = r.GetInt32(9),
            Urgent = r.GetInt64(10) != 0,
            Status = (RecordingTaskStatus)r.GetInt32(11),
        };

        // Stop is stored only when it was moved away from start + duration (RecordingTask.Stop).
        return r.IsDBNull(12) ? task : task with { Stop = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)) };
    }

    public static void BindTask(SqliteCommand c, RecordingTask t)
    {
        c.Parameters.AddWithValue("$channel_id", t.ChannelId);
        c.Parameters.AddWithValue("$channel_name", (object?)t.ChannelName ?? DBNull.Value);
        c.Parameters.AddWithValue("$stream_source", t.StreamSource);
        c.Parameters.AddWithValue("$start_ms", t.Start.ToUnixTimeMilliseconds());
        c.Parameters.AddWithValue("$duration_s", (long)t.Duration.TotalSeconds);
        c.Parameters.AddWithValue("$lifetime_s", (long)t.Lifetime.TotalSeconds);
        c.Parameters.AddWithValue("$repeat_period_s", t.RepeatPeriod is { } p ? (long)p.TotalSeconds : DBNull.Value);
        c.Parameters.AddWithValue("$record_location", t.RecordLocation);
        c.Parameters.AddWithValue("$priority", t.Priority);
        c.Parameters.AddWithValue("$urgent", t.Urgent ? 1 : 0);
        c.Parameters.AddWithValue("$status", (int)t.Status);
        c.Parameters.AddWithValue("$stop_ms", t.Stop == t.Start + t.Duration ? DBNull.Value : (object)t.Stop.ToUnixTimeMilliseconds());
    }

    public static RecordFile ReadRecord(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        TaskId = r.GetInt64(1),
        ChannelId = r.GetInt32(2),
        ChannelName = r.IsDBNull(3) ? null : r.GetString(3),
        Path = r.GetString(4),
        RecordLocation = r.GetString(5),
        Priority = r.GetInt32(6),
        Start = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
        Stop = r.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
        IsWriting = r.GetInt64(9) != 0,
        Lifetime = r.GetInt64(10) == UnknownLifetimeSeconds ? RecordFile.UnknownLifetime : TimeSpan.FromSeconds(r.GetInt64(10)),
        LastReadAt = r.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)),
        SizeBytes = r.GetInt64(12),
    };

    public static void BindRecord(SqliteCommand c, RecordFile f)
    {
        c.Parameters.AddWithValue("$task_id", f.TaskId);
        c.Parameters.AddWithValue("$channel_id", f.ChannelId);
        c.Parameters.AddWithValue("$channel_name", (object?)f.ChannelName ?? DBNull.Value);
        c.Parameters.AddWithValue("$path", f.Path);
        c.Parameters.AddWithValue("$record_location", f.RecordLocation);
        c.Parameters.AddWithValue("$priority", f.Priority);
        c.Parameters.AddWithValue("$start_ms", f.Start.ToUnixTimeMilliseconds());
        c.Parameters.AddWithValue("$stop_ms", f.Stop is { } stop ? stop.ToUnixTimeMilliseconds() : DBNull.Value);
        c.Parameters.AddWithValue("$is_writing", f.IsWriting ? 1 : 0);
        c.Parameters.AddWithValue("$lifetime_s", f.Lifetime == RecordFile.UnknownLifetime ? UnknownLifetimeSeconds : (long)f.Lifetime.TotalSeconds);
        c.Parameters.AddWithValue("$last_read_ms", f.LastReadAt is { } read ? read.ToUnixTimeMilliseconds() : DBNull.Value);
        c.Parameters.AddWithValue("$size_bytes", f.SizeBytes);
    }
}
