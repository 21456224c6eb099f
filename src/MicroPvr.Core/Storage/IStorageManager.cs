namespace MicroPvr.Core.Storage;

/// <summary>
/// Record locations, mount points, space and deletions (compat spec §2, §3, §8).
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
}
