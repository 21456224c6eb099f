using MicroPvr.Core.Delivery;
using Microsoft.Data.Sqlite;

namespace MicroPvr.Catalog.Sqlite;

// live_discontinuity table (migration 3): one LiveDiscontinuityMark per channel.
public sealed partial class SqliteCatalog : ILiveDiscontinuityStore
{
    private const string MarkColumns = "channel_id, slot_ms, slot, sequence";

    public ValueTask<LiveDiscontinuityMark?> GetLiveDiscontinuityMarkAsync(int channelId, CancellationToken ct = default)
    {
        using var lease = _pool.Reader();
        using var command = lease.Connection.CreateCommand();
        return ValueTask.FromResult(ReadMark(command, channelId));
    }

    public async ValueTask<LiveDiscontinuityMark> ReplaceLiveDiscontinuityMarkAsync(LiveDiscontinuityMark? expected, LiveDiscontinuityMark mark, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mark);
        using var lease = await _pool.WriterAsync(ct).ConfigureAwait(false);
        using (var command = lease.Connection.CreateCommand())
        {
            // Compare and swap: only the caller that saw the stored mark replaces it, so two
            // reloads (or two processes) never leave a mark of a count the other one does not follow.
            command.CommandText = expected is null
                ? """
                  INSERT INTO live_discontinuity (channel_id, slot_ms, slot, sequence, updated_ms)
                  VALUES ($c, $slot_ms, $slot, $sequence, $now) ON CONFLICT (channel_id) DO NOTHING
                  """
                : """
                  UPDATE live_discontinuity SET slot_ms = $slot_ms, slot = $slot, sequence = $sequence, updated_ms = $now
                  WHERE channel_id = $c AND slot_ms = $old_slot_ms AND slot = $old_slot AND sequence = $old_sequence
                  """;
            command.Parameters.AddWithValue("$c", mark.ChannelId);
            command.Parameters.AddWithValue("$slot_ms", mark.SlotMilliseconds);
            command.Parameters.AddWithValue("$slot", mark.Slot);
            command.Parameters.AddWithValue("$sequence", mark.Sequence);
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            if (expected is not null)
            {
                command.Parameters.AddWithValue("$old_slot_ms", expected.SlotMilliseconds);
                command.Parameters.AddWithValue("$old_slot", expected.Slot);
                command.Parameters.AddWithValue("$old_sequence", expected.Sequence);
            }

            command.ExecuteNonQuery();
        }

        using var read = lease.Connection.CreateCommand();
        // A stored row that is not the expected one is left alone (another caller moved it); with
        // no row at all (deleted by hand) the new mark is stored.
        return ReadMark(read, mark.ChannelId) ?? Insert(lease.Connection, mark);
    }

    private LiveDiscontinuityMark Insert(SqliteConnection connection, LiveDiscontinuityMark mark)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO live_discontinuity (channel_id, slot_ms, slot, sequence, updated_ms) VALUES ($c, $slot_ms, $slot, $sequence, $now)";
        command.Parameters.AddWithValue("$c", mark.ChannelId);
        command.Parameters.AddWithValue("$slot_ms", mark.SlotMilliseconds);
        command.Parameters.AddWithValue("$slot", mark.Slot);
        command.Parameters.AddWithValue("$sequence", mark.Sequence);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        return mark;
    }

    private static LiveDiscontinuityMark? ReadMark(SqliteCommand command, int channelId)
    {
        command.CommandText = $"SELECT {MarkColumns} FROM live_discontinuity WHERE channel_id = $c";
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$c", channelId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new LiveDiscontinuityMark(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)) : null;
    }
}
