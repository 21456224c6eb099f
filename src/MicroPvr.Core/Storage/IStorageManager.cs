using MicroPvr.Core.Catalog;

namespace MicroPvr.Core.Storage;

/// <summary>
/// Record locations, mount points, space and deletions (compat spec §2, §3, §8). docs/storage.md.
/// </summary>
public interface IStorageManager
{
    IReadOnlyList<MountPointInfo> GetMountPoints();
    /// <summary>Deletes files not being written that started no later than the time (all when null), of one channel or all.</summary>
    ValueTask<int> DeleteRecordsAsync(DateTimeOffset? startedNoLaterThan, int? channelId, CancellationToken ct = default);
    /// <summary>Deletes the oldest <paramref name="days"/> days of files not being written.</summary>
    ValueTask<int> DeleteOldestDaysAsync(int days, int? channelId, CancellationToken ct = default);
    /// <summary>The 8-hex-digit upper-case nickname of a record directory (compat spec §2).</summary>
    string GetDirectoryNickname(string recordLocation);

    /// <summary>
    /// The record directory behind a nickname (compat spec §6 `/pvr/&lt;nickname&gt;/&lt;file&gt;`), or null
    /// when the nickname is malformed or names no known location. Known locations come from the
    /// tasks and records; the link dir is consulted for the others.
    /// </summary>
    string? ResolveNickname(string nickname);

    /// <summary>
    /// Makes a record location known: maps it to its mount point (log 6113 for a new mount) and
    /// keeps its records-link-dir symlink. Idempotent; call it when a task is created.
    /// </summary>
    void RegisterLocation(string recordLocation);

    /// <summary>
    /// Admission check before a recording run starts (recorder-check-free-space,
    /// records-min-free-space, records-default-reserve-size; compat spec §3). Registers the location.
    /// Dispose the result when the run ends to release its reservation.
    /// </summary>
    SpaceAdmission AdmitRecording(string recordLocation);

    /// <summary>Deletes one record: the .ts, its .idx sidecar, its catalog row, and its channel folder when left empty (log 6102).</summary>
    ValueTask<bool> DeleteRecordAsync(RecordFile record, string reason, CancellationToken ct = default);
}
