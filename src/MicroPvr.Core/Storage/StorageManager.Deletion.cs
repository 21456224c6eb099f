using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Storage;

// Deleting records: by retention, low space, or the operator (compat spec §3, §8). A record that
// overlaps a locked range (lock_range, nPVR) is never deleted by any of them.
public sealed partial class StorageManager
{
    /// <summary>
    /// Raised after a record's files and catalog row are gone (by any deletion path), so that
    /// caches of it (the delivery's index readers) let it go. Handlers must be quick and not throw.
    /// </summary>
    public event Action<RecordFile>? RecordRemoved;

    /// <summary>
    /// The range locks now (none when the catalog does not store locks). Every deletion path
    /// takes one snapshot and skips the records it protects.
    /// </summary>
    public async ValueTask<RangeLockSet> GetLocksAsync(int? channelId = null, CancellationToken ct = default) =>
        _catalog is IRangeLocks locks
            ? new RangeLockSet(await locks.GetRangeLocksAsync(channelId, ct).ConfigureAwait(false))
            : RangeLockSet.Empty;

    public async ValueTask<bool> DeleteRecordAsync(RecordFile record, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.IsWriting)
        {
            return false; // compat spec §3: never a file that is still being written
        }

        // The last word for every caller: the callers below already skip locked records, this
        // also covers a lock added between their snapshot and now, and any other caller.
        if ((await GetLocksAsync(record.ChannelId, ct).ConfigureAwait(false)).Protecting(record) is { } rangeLock)
        {
            LogKeptLocked(_logger, record.Path, reason, rangeLock.Id);
            return false;
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
        RecordRemoved?.Invoke(record);
        RemoveEmptyChannelFolder(record.Path);
        return true;
    }

    public async ValueTask<int> DeleteRecordsAsync(DateTimeOffset? startedNoLaterThan, int? channelId, CancellationToken ct = default)
    {
        var locks = await GetLocksAsync(channelId, ct).ConfigureAwait(false);
        int deleted = 0, kept = 0;
        foreach (var record in await _catalog.GetRecordsAsync(channelId, ct).ConfigureAwait(false))
        {
            if (record.IsWriting || (startedNoLaterThan is not null && record.Start > startedNoLaterThan))
            {
                continue;
            }

            if (locks.IsLocked(record))
            {
                kept++;
            }
            else if (await DeleteRecordAsync(record, "deleted by request (delete_records)", ct).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        LogOperatorDeletion(_logger, "delete_records", deleted);
        if (kept > 0)
        {
            LogOperatorDeletionKeptLocked(_logger, "delete_records", kept);
        }

        return deleted;
    }

    /// <summary>
    /// The oldest <paramref name="days"/> days are the files that started within days × 24 h of the
    /// oldest file not being written and not in a locked range (of the channel, or of all
    /// channels): a locked programme of last year does not make "the oldest days" empty.
    /// </summary>
    public async ValueTask<int> DeleteOldestDaysAsync(int days, int? channelId, CancellationToken ct = default)
    {
        if (days <= 0)
        {
            return 0;
        }

        var locks = await GetLocksAsync(channelId, ct).ConfigureAwait(false);
        var notWriting = (await _catalog.GetRecordsAsync(channelId, ct).ConfigureAwait(false)).Where(r => !r.IsWriting).ToList();
        var candidates = notWriting.Where(r => !locks.IsLocked(r)).ToList();
        if (candidates.Count == 0)
        {
            LogOperatorDeletion(_logger, "delete_records_days", 0);
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
        var kept = notWriting.Count(r => r.Start < cutoff && locks.IsLocked(r));
        if (kept > 0)
        {
            LogOperatorDeletionKeptLocked(_logger, "delete_records_days", kept);
        }

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
