using MicroPvr.Core.Catalog;

namespace MicroPvr.Catalog.Sqlite.Tests.Storage;

/// <summary>
/// Locked ranges (lock_range) against every deletion path of retention: lifetime expiry, low
/// space, delete_records, delete_records_days, and a direct DeleteRecordAsync. Real catalog,
/// real files.
/// </summary>
public sealed class RangeLockRetentionTests
{
    private static readonly DateTimeOffset T0 = StorageFixture.T0;
    private const long MiB = StorageFixture.MiB;

    private static Task<RangeLock> LockAsync(StorageFixture fx, int channel, DateTimeOffset from, DateTimeOffset to) =>
        fx.Catalog.AddRangeLockAsync(new RangeLock { ChannelId = channel, From = from, To = to, Comment = "test" }).AsTask();

    [Fact]
    public async Task An_expired_record_in_a_locked_range_is_kept_until_the_range_is_unlocked()
    {
        using var fx = new StorageFixture();
        fx.Options.RecordsRemovingPeriodSeconds = 0;
        var locked = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1), lifetime: TimeSpan.FromHours(1), taskId: 1);
        var free = await fx.AddRecordAsync(3, T0.AddHours(1), TimeSpan.FromHours(1), lifetime: TimeSpan.FromHours(1), taskId: 2);
        var otherChannel = await fx.AddRecordAsync(4, T0, TimeSpan.FromHours(1), lifetime: TimeSpan.FromHours(1), taskId: 3);
        // The last minute of the first file: the whole file is kept, the next one (touching the
        // lock's end only) is not.
        var rangeLock = await LockAsync(fx, 3, T0.AddMinutes(59), T0.AddHours(1));

        fx.Time.Now = T0.AddDays(1);
        Assert.Equal(2, await fx.Retention.RunOnceAsync());
        Assert.True(File.Exists(locked.Path));
        Assert.False(File.Exists(free.Path));
        Assert.False(File.Exists(otherChannel.Path));
        Assert.True(fx.RetentionLogger.Has(6122));

        Assert.True(await fx.Catalog.RemoveRangeLockAsync(rangeLock.Id));
        fx.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await fx.Retention.RunOnceAsync());
        Assert.False(File.Exists(locked.Path));
    }

    [Fact]
    public async Task On_low_space_locked_records_are_skipped_and_when_only_they_remain_nothing_is_deleted()
    {
        using var fx = new StorageFixture();
        fx.Options.RecordsRemoveOnLowSpace = true;
        fx.Options.RecordsMinFreeSpaceMiB = 10;
        fx.Options.RecordsRemovingPeriodSeconds = 0;
        fx.Probe.CapacityBytes = 50 * MiB;
        var oldestLocked = await fx.AddRecordAsync(2, T0, TimeSpan.FromHours(1), sizeBytes: 10 * MiB, taskId: 1);
        var next = await fx.AddRecordAsync(2, T0.AddHours(1), TimeSpan.FromHours(1), sizeBytes: 10 * MiB, taskId: 1);
        var newestLocked = await fx.AddRecordAsync(2, T0.AddHours(2), TimeSpan.FromHours(1), sizeBytes: 15 * MiB, taskId: 1);
        await LockAsync(fx, 2, T0.AddMinutes(10), T0.AddMinutes(20));
        await LockAsync(fx, 2, T0.AddHours(2), T0.AddHours(3));
        // 35 MiB of 50 used: 15 free, fine. Then the disk shrinks to 40 MiB: 5 free < 10.
        fx.Time.Now = T0.AddHours(4);
        fx.Probe.CapacityBytes = 40 * MiB;

        Assert.Equal(1, await fx.Retention.RunOnceAsync());
        Assert.True(File.Exists(oldestLocked.Path)); // the oldest, but locked
        Assert.False(File.Exists(next.Path));
        Assert.True(File.Exists(newestLocked.Path));

        // The disk shrinks again: 25 MiB used of 30, 5 free < 10, and only locked records are left.
        fx.Probe.CapacityBytes = 30 * MiB;
        fx.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await fx.Retention.RunOnceAsync());
        Assert.True(File.Exists(oldestLocked.Path));
        Assert.True(File.Exists(newestLocked.Path));
        var starved = Assert.Single(fx.RetentionLogger.Events, e => e.Code == 6120);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, starved.Level);
        Assert.Contains("locked ranges (2)", starved.Message);
        Assert.False(fx.RetentionLogger.Has(6110));

        // Logged once per episode, not every pass.
        fx.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await fx.Retention.RunOnceAsync());
        Assert.Single(fx.RetentionLogger.Events, e => e.Code == 6120);
    }

    [Fact]
    public async Task Delete_records_keeps_locked_records_and_says_so()
    {
        using var fx = new StorageFixture();
        var locked = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1), taskId: 1);
        var free = await fx.AddRecordAsync(3, T0.AddHours(1), TimeSpan.FromHours(1), taskId: 1);
        await LockAsync(fx, 3, T0.AddMinutes(30), T0.AddMinutes(31));

        Assert.Equal(1, await fx.Storage.DeleteRecordsAsync(null, null));
        Assert.True(File.Exists(locked.Path));
        Assert.False(File.Exists(free.Path));
        Assert.Contains(fx.StorageLogger.Events, e => e.Code == 6121 && e.Message.Contains("delete_records: 1 records kept"));
    }

    [Fact]
    public async Task Delete_records_days_counts_the_oldest_days_from_the_oldest_unlocked_record()
    {
        using var fx = new StorageFixture();
        // A locked programme a month old, then three daily files.
        var lockedOld = await fx.AddRecordAsync(3, T0.AddDays(-30), TimeSpan.FromHours(2), taskId: 1);
        var day1 = await fx.AddRecordAsync(3, T0, TimeSpan.FromDays(1), taskId: 2);
        var day2 = await fx.AddRecordAsync(3, T0.AddDays(1), TimeSpan.FromDays(1), taskId: 2);
        var day3 = await fx.AddRecordAsync(3, T0.AddDays(2), TimeSpan.FromDays(1), taskId: 2);
        await LockAsync(fx, 3, T0.AddDays(-30), T0.AddDays(-30).AddHours(2));

        // Without the lock rule, "the oldest day" would be the locked file's day: nothing deleted.
        Assert.Equal(1, await fx.Storage.DeleteOldestDaysAsync(1, 3));
        Assert.True(File.Exists(lockedOld.Path));
        Assert.False(File.Exists(day1.Path));
        Assert.True(File.Exists(day2.Path));
        Assert.True(File.Exists(day3.Path));
        Assert.Contains(fx.StorageLogger.Events, e => e.Code == 6121 && e.Message.Contains("delete_records_days"));
    }

    [Fact]
    public async Task A_direct_deletion_of_a_locked_record_is_refused()
    {
        using var fx = new StorageFixture();
        var record = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1));
        await LockAsync(fx, 3, T0.AddMinutes(-5), T0.AddMinutes(5));
        Assert.False(await fx.Storage.DeleteRecordAsync(record, "test"));
        Assert.True(File.Exists(record.Path));
        Assert.NotNull(await fx.Catalog.GetRecordAsync(record.Id));
        Assert.Contains(fx.StorageLogger.Events, e => e.Code == 6123 && e.Message.Contains(record.Path));

        await fx.Catalog.UnlockRangeAsync(3, T0.AddHours(-1), T0.AddHours(1));
        Assert.True(await fx.Storage.DeleteRecordAsync(record, "test"));
        Assert.False(File.Exists(record.Path));
    }
}
