using MicroPvr.Core.Catalog;
using Microsoft.Data.Sqlite;

namespace MicroPvr.Catalog.Sqlite;

// range_locks table (migration 2): nPVR protection of a channel's time range against deletion.
public sealed partial class SqliteCatalog
{
    private const string LockColumns = "id, channel_id, from_ms, to_ms, comment, created_ms";

    public async ValueTask<RangeLock> AddRangeLockAsync(RangeLock rangeLock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rangeLock);
        if (rangeLock.To <= rangeLock.From)
        {
            throw new ArgumentException("a locked range must end after it starts", nameof(rangeLock));
        }

        RangeLock stored;
        using (var lease = await _pool.WriterAsync(ct).ConfigureAwait(false))
        {
            using var command = lease.Connection.CreateCommand();
            command.CommandText = $"""
                INSERT INTO range_locks (channel_id, from_ms, to_ms, comment, created_ms)
                VALUES ($channel_id, $from_ms, $to_ms, $comment, $created_ms)
                RETURNING {LockColumns}
                """;
            command.Parameters.AddWithValue("$channel_id", rangeLock.ChannelId);
            command.Parameters.AddWithValue("$from_ms", rangeLock.From.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$to_ms", rangeLock.To.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$comment", (object?)rangeLock.Comment ?? DBNull.Value);
            command.Parameters.AddWithValue("$created_ms", _time.GetUtcNow().ToUnixTimeMilliseconds());
            stored = ReadLocks(command)[0];
        }

        LogRangeLocked(_logger, stored.Id, stored.ChannelId, stored.From, stored.To, stored.Comment ?? "");
        return stored;
    }

    public ValueTask<IReadOnlyList<RangeLock>> GetRangeLocksAsync(int? channelId = null, CancellationToken ct = default)
    {
        using var lease = _pool.Reader();
        using var command = lease.Connection.CreateCommand();
        if (channelId is { } channel)
        {
            command.CommandText = $"SELECT {LockColumns} FROM range_locks WHERE channel_id = $c ORDER BY from_ms, id";
            command.Parameters.AddWithValue("$c", channel);
        }
        else
        {
            command.CommandText = $"SELECT {LockColumns} FROM range_locks ORDER BY channel_id, from_ms, id";
        }

        return ValueTask.FromResult<IReadOnlyList<RangeLock>>(ReadLocks(command));
    }

    public async ValueTask<bool> RemoveRangeLockAsync(long lockId, CancellationToken ct = default)
    {
        int rows;
        using (var lease = await _pool.WriterAsync(ct).ConfigureAwait(false))
        {
            using var command = lease.Connection.CreateCommand();
            command.CommandText = "DELETE FROM range_locks WHERE id = $id";
            command.Parameters.AddWithValue("$id", lockId);
            rows = command.ExecuteNonQuery();
        }

        if (rows > 0)
        {
            LogRangeLockRemoved(_logger, lockId);
        }

        return rows > 0;
    }

    public async ValueTask<RangeUnlockResult> UnlockRangeAsync(int channelId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        if (to <= from)
        {
            throw new ArgumentException("the range to unlock must end after it starts", nameof(to));
        }

        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();
        int removed = 0, trimmed = 0, split = 0;
        using (var lease = await _pool.WriterAsync(ct).ConfigureAwait(false))
        {
            var connection = lease.Connection;
            using var transaction = connection.BeginTransaction();
            List<RangeLock> overlapping;
            using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = $"SELECT {LockColumns} FROM range_locks WHERE channel_id = $c AND from_ms < $to AND to_ms > $from";
                select.Parameters.AddWithValue("$c", channelId);
                select.Parameters.AddWithValue("$from", fromMs);
                select.Parameters.AddWithValue("$to", toMs);
                overlapping = ReadLocks(select);
            }

            foreach (var rangeLock in overlapping)
            {
                var lockFrom = rangeLock.From.ToUnixTimeMilliseconds();
                var lockTo = rangeLock.To.ToUnixTimeMilliseconds();
                var keepsHead = lockFrom < fromMs;
                var keepsTail = lockTo > toMs;
                if (!keepsHead && !keepsTail)
                {
                    Execute(connection, transaction, "DELETE FROM range_locks WHERE id = $id", ("$id", rangeLock.Id));
                    removed++;
                }
                else if (keepsHead && keepsTail)
                {
                    // The head keeps the lock's id; the tail is a new lock with the same comment and creation time.
                    Execute(connection, transaction, "UPDATE range_locks SET to_ms = $to WHERE id = $id", ("$id", rangeLock.Id), ("$to", fromMs));
                    Execute(connection, transaction, """
                        INSERT INTO range_locks (channel_id, from_ms, to_ms, comment, created_ms)
                        SELECT channel_id, $from, $to, comment, created_ms FROM range_locks WHERE id = $id
                        """, ("$id", rangeLock.Id), ("$from", toMs), ("$to", lockTo));
                    split++;
                }
                else if (keepsHead)
                {
                    Execute(connection, transaction, "UPDATE range_locks SET to_ms = $to WHERE id = $id", ("$id", rangeLock.Id), ("$to", fromMs));
                    trimmed++;
                }
                else
                {
                    Execute(connection, transaction, "UPDATE range_locks SET from_ms = $from WHERE id = $id", ("$id", rangeLock.Id), ("$from", toMs));
                    trimmed++;
                }
            }

            transaction.Commit();
        }

        var result = new RangeUnlockResult(removed, trimmed, split);
        LogRangeUnlocked(_logger, channelId, from, to, removed, trimmed, split);
        return result;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, long Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static List<RangeLock> ReadLocks(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var locks = new List<RangeLock>();
        while (reader.Read())
        {
            locks.Add(new RangeLock
            {
                Id = reader.GetInt64(0),
                ChannelId = reader.GetInt32(1),
                From = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                To = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                Comment = reader.IsDBNull(4) ? null : reader.GetString(4),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            });
        }

        return locks;
    }
}
