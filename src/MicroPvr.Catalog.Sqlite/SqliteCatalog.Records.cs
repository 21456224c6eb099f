using MicroPvr.Core.Catalog;
using Microsoft.Data.Sqlite;

namespace MicroPvr.Catalog.Sqlite;

// Records table: one row per record file (compat spec §2). The keyframe index is in the sidecar.
public sealed partial class SqliteCatalog
{
    // A last-read time only moves forward: a writer holding a stale RecordFile never erases a newer read.
    private const string MergeLastRead = """
        CASE WHEN $last_read_ms IS NULL THEN last_read_ms
             WHEN last_read_ms IS NULL OR last_read_ms < $last_read_ms THEN $last_read_ms
             ELSE last_read_ms END
        """;

    public ValueTask<IReadOnlyList<RecordFile>> GetRecordsAsync(int? channelId = null, CancellationToken ct = default)
    {
        using var lease = _pool.Reader();
        using var command = lease.Connection.CreateCommand();
        if (channelId is { } channel)
        {
            command.CommandText = $"SELECT {RowMapping.RecordColumns} FROM records WHERE channel_id = $c ORDER BY start_ms, id";
            command.Parameters.AddWithValue("$c", channel);
        }
        else
        {
            command.CommandText = $"SELECT {RowMapping.RecordColumns} FROM records ORDER BY start_ms, id";
        }

        return ValueTask.FromResult<IReadOnlyList<RecordFile>>(ReadRecords(command));
    }

    public ValueTask<IReadOnlyList<RecordFile>> FindRecordsAsync(int channelId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        using var lease = _pool.Reader();
        using var command = lease.Connection.CreateCommand();
        // A file still being written covers everything after its start (its stop grows); otherwise
        // the coverage is [start, stop] with a missing stop meaning "only the start is known".
        command.CommandText = $"""
            SELECT {RowMapping.RecordColumns} FROM records
            WHERE channel_id = $c AND start_ms <= $to
              AND (is_writing = 1 OR COALESCE(stop_ms, start_ms) >= $from)
            ORDER BY priority, start_ms, id
            """;
        command.Parameters.AddWithValue("$c", channelId);
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        return ValueTask.FromResult<IReadOnlyList<RecordFile>>(ReadRecords(command));
    }

    public ValueTask<RecordFile?> GetRecordAsync(long recordId, CancellationToken ct = default)
    {
        using var lease = _pool.Reader();
        using var command = lease.Connection.CreateCommand();
        command.CommandText = $"SELECT {RowMapping.RecordColumns} FROM records WHERE id = $id";
        command.Parameters.AddWithValue("$id", recordId);
        var rows = ReadRecords(command);
        return ValueTask.FromResult(rows.Count > 0 ? rows[0] : null);
    }

    public ValueTask<RecordFile?> GetRecordByPathAsync(string path, CancellationToken ct = default)
    {
        using var lease = _pool.Reader();
        using var command = lease.Connection.CreateCommand();
        command.CommandText = $"SELECT {RowMapping.RecordColumns} FROM records WHERE path = $path";
        command.Parameters.AddWithValue("$path", path);
        var rows = ReadRecords(command);
        return ValueTask.FromResult(rows.Count > 0 ? rows[0] : null);
    }

    public ValueTask<IReadOnlyList<string>> GetRecordLocationsAsync(CancellationToken ct = default)
    {
        using var lease = _pool.Reader();
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "SELECT record_location FROM tasks UNION SELECT record_location FROM records ORDER BY 1";
        using var reader = command.ExecuteReader();
        var locations = new List<string>();
        while (reader.Read())
        {
            locations.Add(reader.GetString(0));
        }

        return ValueTask.FromResult<IReadOnlyList<string>>(locations);
    }

    public async ValueTask<RecordFile> AddRecordAsync(RecordFile record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var lease = await _pool.WriterAsync(ct).ConfigureAwait(false);
        using var command = lease.Connection.CreateCommand();
        // Keyed on the path: adding a file twice (restart, rebuild) updates its one row.
        command.CommandText = $"""
            INSERT INTO records (task_id, channel_id, channel_name, path, record_location, priority, start_ms, stop_ms, is_writing, lifetime_s, last_read_ms, size_bytes)
            VALUES ($task_id, $channel_id, $channel_name, $path, $record_location, $priority, $start_ms, $stop_ms, $is_writing, $lifetime_s, $last_read_ms, $size_bytes)
            ON CONFLICT (path) DO UPDATE SET
                task_id = excluded.task_id, channel_id = excluded.channel_id, channel_name = excluded.channel_name,
                record_location = excluded.record_location, priority = excluded.priority, start_ms = excluded.start_ms,
                stop_ms = excluded.stop_ms, is_writing = excluded.is_writing, lifetime_s = excluded.lifetime_s,
                last_read_ms = {MergeLastRead}, size_bytes = excluded.size_bytes
            RETURNING {RowMapping.RecordColumns}
            """;
        RowMapping.BindRecord(command, record);
        return ReadRecords(command)[0];
    }

    public async ValueTask UpdateRecordAsync(RecordFile record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var lease = await _pool.WriterAsync(ct).ConfigureAwait(false);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = $"""
            UPDATE records SET task_id = $task_id, channel_id = $channel_id, channel_name = $channel_name, path = $path,
                record_location = $record_location, priority = $priority, start_ms = $start_ms, stop_ms = $stop_ms,
                is_writing = $is_writing, lifetime_s = $lifetime_s, last_read_ms = {MergeLastRead}, size_bytes = $size_bytes
            WHERE id = $id
            """;
        RowMapping.BindRecord(command, record);
        command.Parameters.AddWithValue("$id", record.Id);
        command.ExecuteNonQuery();
    }

    public async ValueTask DeleteRecordAsync(long recordId, CancellationToken ct = default)
    {
        using var lease = await _pool.WriterAsync(ct).ConfigureAwait(false);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "DELETE FROM records WHERE id = $id";
        command.Parameters.AddWithValue("$id", recordId);
        command.ExecuteNonQuery();
    }

    public async ValueTask MarkRecordReadAsync(long recordId, DateTimeOffset at, CancellationToken ct = default)
    {
        using var lease = await _pool.WriterAsync(ct).ConfigureAwait(false);
        using var command = lease.Connection.CreateCommand();
        // No write when the stored read time is already as recent (cheap for busy channels).
        command.CommandText = "UPDATE records SET last_read_ms = $at WHERE id = $id AND (last_read_ms IS NULL OR last_read_ms < $at)";
        command.Parameters.AddWithValue("$id", recordId);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static List<RecordFile> ReadRecords(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var records = new List<RecordFile>();
        while (reader.Read())
        {
            records.Add(RowMapping.ReadRecord(reader));
        }

        return records;
    }
}
