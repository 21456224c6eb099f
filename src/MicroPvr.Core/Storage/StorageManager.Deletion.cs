using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Storage;

// Deleting records: by retention, low space, or the operator (compat spec §3, §8).
public sealed partial class StorageManager
{
    public async ValueTask<bool> DeleteRecordAsync(RecordFile record, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.IsWriting)
        {
            return false; // compat spec §3: never a file that is still being written
        }

        try
        {
            // Readers that have the file open keep reading to its end (unlink semantics): a stream
            // of a record removed mid-way ends cleanly.
            File.Delete(record.Path);
            File.Delete(KeyframeIndexFormat.IndexPathFor(record.Path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogRemoveFailed(_logger, record.Path, ex.Message);
            return false;
        }

        await _catalog.DeleteRecordAsync(record.Id, ct).ConfigureAwait(false);
        LogRecordRemoved(_logger, record.Path, reason);
        RemoveEmptyChannelFolder(record.Path);
        return true;
    }

    public async ValueTask<int> DeleteRecordsAsync(DateTimeOffset? startedNoLaterThan, int? channelId, CancellationToken ct = default)
    {
        var deleted = 0;
        foreach (var record in await _catalog.GetRecordsAsync(channelId, ct).ConfigureAwait(false))
        {
            if (!record.IsWriting && (startedNoLaterThan is null || record.Start <= startedNoLaterThan)
                && await DeleteRecordAsync(record, "deleted by request (delete_records)", ct).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        LogOperatorDeletion(_logger, "delete_records", deleted);
        return deleted;
    }

    /// <summary>
    /// The oldest <paramref name="days"/> days are the files that started within days × 24 h of the
    /// oldest file not being written (of the channel, or of all channels).
    /// </summary>
    public async ValueTask<int> DeleteOldestDaysAsync(int days, int? channelId, CancellationToken ct = default)
    {
        if (days <= 0)
        {
            return 0;
        }

        var candidates = (await _catalog.GetRecordsAsync(channelId, ct).ConfigureAwait(false)).Where(r => !r.IsWriting).ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        var cutoff = candidates.Min(r => r.Start) + TimeSpan.FromDays(days);
        var deleted = 0;
        foreach (var record in candidates)
        {
            if (record.Start < cutoff && await DeleteRecordAsync(record, "deleted by request (delete_records_days)", ct).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        LogOperatorDeletion(_logger, "delete_records_days", deleted);
        return deleted;
    }

    // Only the ch_<id> folder of the record, never the record location itself (issue 3 "Storage").
    private void RemoveEmptyChannelFolder(string recordPath)
    {
        var folder = Path.GetDirectoryName(recordPath);
        if (folder is null || !Path.GetFileName(folder).StartsWith("ch_", StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder, recursive: false); // fails harmlessly if a recorder just created a file
                LogChannelFolderRemoved(_logger, folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogRemoveFailed(_logger, folder, ex.Message);
        }
    }
}
