using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Storage;

/// <summary>
/// One pass of retention (compat spec §3): first, with records-remove-on-low-space, the oldest files
/// not being written on a mount point whose real free space is below records-min-free-space
/// (ignoring lifetime); then files whose lifetime has passed and are not protected as active.
/// Deletions are paced: at most one per records-removing-period (all due at once when it is 0).
/// Records overlapping a locked range (lock_range, nPVR) are skipped by both: when low space
/// finds nothing but locked records (and files being written) it deletes nothing and logs 6120.
/// </summary>
public sealed partial class RetentionWorker
{
    private readonly ICatalog _catalog;
    private readonly StorageManager _storage;
    private readonly Func<MicroPvrOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionWorker> _logger;
    private readonly HashSet<long> _protectionLogged = [];
    private readonly HashSet<long> _lockLogged = [];
    private readonly HashSet<string> _starvedMounts = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastDeletion;

    public RetentionWorker(ICatalog catalog, StorageManager storage, Func<MicroPvrOptions> options, TimeProvider time, ILogger<RetentionWorker> logger)
    {
        _catalog = catalog;
        _storage = storage;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one pass; returns how many records were deleted. Not for concurrent use.</summary>
    public async ValueTask<int> RunOnceAsync(CancellationToken ct = default)
    {
        var options = _options();
        var now = _time.GetUtcNow();
        var period = TimeSpan.FromSeconds(Math.Max(0, options.RecordsRemovingPeriodSeconds));
        if (_lastDeletion is { } last && now - last < period)
        {
            return 0;
        }

        var records = await _catalog.GetRecordsAsync(null, ct).ConfigureAwait(false); // oldest first
        var locks = await _storage.GetLocksAsync(null, ct).ConfigureAwait(false);
        var deleted = 0;
        if (options.RecordsRemoveOnLowSpace)
        {
            deleted = await RemoveOnLowSpaceAsync(records, locks, options, period, ct).ConfigureAwait(false);
            if (deleted > 0 && period > TimeSpan.Zero)
            {
                _lastDeletion = now;
                return deleted;
            }
        }

        var block = TimeSpan.FromMinutes(Math.Max(0, options.RecordsBlockActiveTimeMinutes));
        foreach (var record in records)
        {
            if (deleted > 0 && period > TimeSpan.Zero)
            {
                break;
            }

            if (RetentionPolicy.DeletableAt(record, block) is not { } at)
            {
                continue;
            }

            if (now >= at && locks.Protecting(record) is { } rangeLock)
            {
                if (_lockLogged.Add(record.Id))
                {
                    LogExpiredButLocked(_logger, record.Path, rangeLock.Id, rangeLock.From, rangeLock.To);
                }

                continue;
            }

            if (now < at)
            {
                if (RetentionPolicy.IsProtected(record, now, block) && _protectionLogged.Add(record.Id))
                {
                    LogProtected(_logger, record.Path, record.LastReadAt!.Value, at);
                }

                continue;
            }

            if (await _storage.DeleteRecordAsync(record, "lifetime expired", ct).ConfigureAwait(false))
            {
                _protectionLogged.Remove(record.Id);
                deleted++;
                _lastDeletion = now;
            }
        }

        return deleted;
    }

    private async ValueTask<int> RemoveOnLowSpaceAsync(IReadOnlyList<RecordFile> records, RangeLockSet locks, MicroPvrOptions options, TimeSpan period, CancellationToken ct)
    {
        var byMount = records.GroupBy(r => _storage.MountOf(r.RecordLocation), StringComparer.Ordinal);
        var deleted = 0;
        foreach (var group in byMount)
        {
            var mount = group.Key;
            var removable = new Queue<RecordFile>(); // already oldest first
            var locked = 0;
            foreach (var record in group)
            {
                if (record.IsWriting)
                {
                    continue;
                }

                if (locks.IsLocked(record))
                {
                    locked++;
                }
                else
                {
                    removable.Enqueue(record);
                }
            }

            while (_storage.TryGetFreeMiB(mount) is { } free && free < options.RecordsMinFreeSpaceMiB)
            {
                if (!removable.TryDequeue(out var oldest))
                {
                    // Locked records are never deleted, even on a full disk: the operator's
                    // protection wins over recording (new runs are refused by admission, 6108).
                    if (_starvedMounts.Add(mount))
                    {
                        if (locked > 0)
                        {
                            LogOnlyLockedLeft(_logger, mount, free, options.RecordsMinFreeSpaceMiB, locked);
                        }
                        else
                        {
                            LogNothingRemovable(_logger, mount, free, options.RecordsMinFreeSpaceMiB);
                        }
                    }

                    break;
                }

                _starvedMounts.Remove(mount);
                LogLowSpace(_logger, mount, free, options.RecordsMinFreeSpaceMiB, oldest.Path);
                if (await _storage.DeleteRecordAsync(oldest, "low space", ct).ConfigureAwait(false))
                {
                    deleted++;
                    if (period > TimeSpan.Zero)
                    {
                        return deleted;
                    }
                }
            }
        }

        return deleted;
    }
}
