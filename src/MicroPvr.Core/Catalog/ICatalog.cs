using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Catalog;

/// <summary>
/// The persistent index of tasks and record files. Files are the truth, the catalog is an index
/// (ARCHITECTURE habit 3): it can be rebuilt from the record locations at any time.
/// Implementations may extend this interface as the daemon needs; keep it free of SQL types.
/// </summary>
public interface ICatalog
{
    ValueTask<IReadOnlyList<RecordingTask>> GetTasksAsync(CancellationToken ct = default);
    ValueTask<RecordingTask?> GetTaskAsync(long taskId, CancellationToken ct = default);
    /// <summary>Inserts the task and returns it with its new id.</summary>
    ValueTask<RecordingTask> AddTaskAsync(RecordingTask task, CancellationToken ct = default);
    ValueTask UpdateTaskAsync(RecordingTask task, CancellationToken ct = default);
    ValueTask DeleteTaskAsync(long taskId, CancellationToken ct = default);

    /// <summary>All records, or those of one channel, ordered by start.</summary>
    ValueTask<IReadOnlyList<RecordFile>> GetRecordsAsync(int? channelId = null, CancellationToken ct = default);
    /// <summary>Records of a channel whose [Start, Stop] overlaps [from, to], best priority first.</summary>
    ValueTask<IReadOnlyList<RecordFile>> FindRecordsAsync(int channelId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
    /// <summary>
    /// Inserts the record, or updates the existing row with the same <see cref="RecordFile.Path"/>
    /// (a file has exactly one row). Returns the stored row with its id.
    /// </summary>
    ValueTask<RecordFile> AddRecordAsync(RecordFile record, CancellationToken ct = default);
    /// <summary>Updates the row with the record's id. LastReadAt only moves forward.</summary>
    ValueTask UpdateRecordAsync(RecordFile record, CancellationToken ct = default);
    ValueTask DeleteRecordAsync(long recordId, CancellationToken ct = default);
    /// <summary>Records a client read (records-block-active-time, compat spec §3); never moves it back.</summary>
    ValueTask MarkRecordReadAsync(long recordId, DateTimeOffset at, CancellationToken ct = default);

    // The members below have defaults derived from the ones above so that small test doubles
    // need not implement them; SqliteCatalog answers them with indexed queries.

    async ValueTask<RecordFile?> GetRecordAsync(long recordId, CancellationToken ct = default)
    {
        foreach (var record in await GetRecordsAsync(null, ct).ConfigureAwait(false))
        {
            if (record.Id == recordId)
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>The row of one .ts file by its full path, or null.</summary>
    async ValueTask<RecordFile?> GetRecordByPathAsync(string path, CancellationToken ct = default)
    {
        foreach (var record in await GetRecordsAsync(null, ct).ConfigureAwait(false))
        {
            if (string.Equals(record.Path, path, StringComparison.Ordinal))
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>Distinct record locations named by tasks or records, sorted (ordinal).</summary>
    async ValueTask<IReadOnlyList<string>> GetRecordLocationsAsync(CancellationToken ct = default)
    {
        var locations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var task in await GetTasksAsync(ct).ConfigureAwait(false))
        {
            locations.Add(task.RecordLocation);
        }

        foreach (var record in await GetRecordsAsync(null, ct).ConfigureAwait(false))
        {
            locations.Add(record.RecordLocation);
        }

        return [.. locations];
    }
}
