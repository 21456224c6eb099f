using MicroPvr.Core.Tasks;

namespace MicroPvr.Catalog.Sqlite;

// Tasks table (compat spec §3).
public sealed partial class SqliteCatalog
{
    public ValueTask<IReadOnlyList<RecordingTask>> GetTasksAsync(CancellationToken ct = default)
    {
        using var lease = _pool.Reader();
        using var command = lease.Connection.CreateCommand();
        command.CommandText = $"SELECT {RowMapping.TaskColumns} FROM tasks ORDER BY id";
        using var reader = command.ExecuteReader();
        var tasks = new List<RecordingTask>();
        while (reader.Read())
        {
            tasks.Add(RowMapping.ReadTask(reader));
        }

        return ValueTask.FromResult<IReadOnlyList<RecordingTask>>(tasks);
    }

    public ValueTask<RecordingTask?> GetTaskAsync(long taskId, CancellationToken ct = default)
    {
        using var lease = _pool.Reader();
        using var command = lease.Connection.CreateCommand();
        command.CommandText = $"SELECT {RowMapping.TaskColumns} FROM tasks WHERE id = $id";
        command.Parameters.AddWithValue("$id", taskId);
        using var reader = command.ExecuteReader();
        return ValueTask.FromResult(reader.Read() ? RowMapping.ReadTask(reader) : null);
    }

    public async ValueTask<RecordingTask> AddTaskAsync(RecordingTask task, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var lease = await _pool.WriterAsync(ct).ConfigureAwait(false);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = """
            INSERT INTO tasks (channel_id, channel_name, stream_source, start_ms, duration_s, lifetime_s, repeat_period_s, record_location, priority, urgent, status, stop_ms)
            VALUES ($channel_id, $channel_name, $stream_source, $start_ms, $duration_s, $lifetime_s, $repeat_period_s, $record_location, $priority, $urgent, $status, $stop_ms)
            RETURNING id
            """;
        RowMapping.BindTask(command, task);
        var id = (long)command.ExecuteScalar()!;
        return task with { Id = id };
    }

    public async ValueTask UpdateTaskAsync(RecordingTask task, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var lease = await _pool.WriterAsync(ct).ConfigureAwait(false);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = """
            UPDATE tasks SET channel_id = $channel_id, channel_name = $channel_name, stream_source = $stream_source,
                start_ms = $start_ms, duration_s = $duration_s, lifetime_s = $lifetime_s, repeat_period_s = $repeat_period_s,
                record_location = $record_location, priority = $priority, urgent = $urgent, status = $status, stop_ms = $stop_ms
            WHERE id = $id
            """;
        RowMapping.BindTask(command, task);
        command.Parameters.AddWithValue("$id", task.Id);
        command.ExecuteNonQuery();
    }

    public async ValueTask DeleteTaskAsync(long taskId, CancellationToken ct = default)
    {
        using var lease = await _pool.WriterAsync(ct).ConfigureAwait(false);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "DELETE FROM tasks WHERE id = $id";
        command.Parameters.AddWithValue("$id", taskId);
        command.ExecuteNonQuery();
    }
}
