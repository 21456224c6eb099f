namespace MicroPvr.Core.Catalog;

/// <summary>
/// Persistent nPVR range locks (lock_range / unlock_range / get_locks). The SQLite catalog
/// implements it beside <see cref="ICatalog"/>; retention (StorageManager, RetentionWorker) reads
/// the locks from the catalog when it implements this interface, so protection needs no wiring.
/// Locks live only in the catalog: they are not part of the files and a catalog rebuilt from
/// disk keeps them, but a corrupt catalog moved aside loses them.
/// </summary>
public interface IRangeLocks
{
    /// <summary>Stores a lock and returns it with its id and creation time.</summary>
    ValueTask<RangeLock> AddRangeLockAsync(RangeLock rangeLock, CancellationToken ct = default);

    /// <summary>All locks, or those of one channel, by channel then start.</summary>
    ValueTask<IReadOnlyList<RangeLock>> GetRangeLocksAsync(int? channelId = null, CancellationToken ct = default);

    /// <summary>Deletes one lock by id; false when there is none.</summary>
    ValueTask<bool> RemoveRangeLockAsync(long lockId, CancellationToken ct = default);

    /// <summary>
    /// Makes [from, to) of the channel unlocked: locks inside it are deleted, locks over one end
    /// are trimmed, a lock spanning it is split in two. Atomic.
    /// </summary>
    ValueTask<RangeUnlockResult> UnlockRangeAsync(int channelId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
}
