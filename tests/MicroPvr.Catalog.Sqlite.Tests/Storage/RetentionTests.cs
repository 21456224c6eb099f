namespace MicroPvr.Catalog.Sqlite.Tests.Storage;

public sealed class RetentionTests
{
    private static readonly DateTimeOffset T0 = StorageFixture.T0;
    private const long MiB = StorageFixture.MiB;

    [Fact]
    public async Task A_file_is_deleted_once_its_lifetime_after_the_end_has_passed()
    {
        using var fx = new StorageFixture();
        var record = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1), lifetime: TimeSpan.FromHours(2));

        fx.Time.Now = T0.AddHours(3) - TimeSpan.FromSeconds(1);
        Assert.Equal(0, await fx.Retention.RunOnceAsync());
        Assert.True(File.Exists(record.Path));

        fx.Time.Now = T0.AddHours(3);
        Assert.Equal(1, await fx.Retention.RunOnceAsync());
        Assert.False(File.Exists(record.Path));
        Assert.Empty(await fx.Catalog.GetRecordsAsync());
        Assert.Contains(fx.StorageLogger.Events, e => e.Code == 6102 && e.Message.Contains("lifetime expired"));
    }

    [Fact]
    public async Task A_file_that_was_read_is_kept_for_the_block_active_time_after_expiry()
    {
        using var fx = new StorageFixture();
        var record = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1), lifetime: TimeSpan.FromHours(2));
        await fx.Catalog.MarkRecordReadAsync(record.Id, T0.AddHours(2));
        var expiry = T0.AddHours(3);
        var block = TimeSpan.FromMinutes(fx.Options.RecordsBlockActiveTimeMinutes);

        fx.Time.Now = expiry;
        Assert.Equal(0, await fx.Retention.RunOnceAsync());
        Assert.True(fx.RetentionLogger.Has(6112));
        fx.Time.Now = expiry + block - TimeSpan.FromSeconds(1);
        Assert.Equal(0, await fx.Retention.RunOnceAsync());
        Assert.True(File.Exists(record.Path));

        fx.Time.Now = expiry + block;
        Assert.Equal(1, await fx.Retention.RunOnceAsync());
        Assert.False(File.Exists(record.Path));
    }

    [Fact]
    public async Task Deletions_are_paced_by_the_removing_period()
    {
        using var fx = new StorageFixture();
        for (var i = 0; i < 3; i++)
        {
            await fx.AddRecordAsync(3, T0.AddHours(i), TimeSpan.FromHours(1), lifetime: TimeSpan.Zero);
        }

        fx.Time.Now = T0.AddDays(1);
        var perSecond = new List<int>();
        for (var s = 0; s <= 10; s++)
        {
            perSecond.Add(await fx.Retention.RunOnceAsync());
            fx.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // records-removing-period = 5 s: one deletion at 0 s, 5 s and 10 s, oldest first.
        Assert.Equal([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], perSecond);
        Assert.Empty(await fx.Catalog.GetRecordsAsync());
    }

    [Fact]
    public async Task A_zero_removing_period_deletes_everything_due_at_once()
    {
        using var fx = new StorageFixture();
        fx.Options.RecordsRemovingPeriodSeconds = 0;
        for (var i = 0; i < 3; i++)
        {
            await fx.AddRecordAsync(3, T0.AddHours(i), TimeSpan.FromHours(1), lifetime: TimeSpan.Zero);
        }

        fx.Time.Now = T0.AddDays(1);
        Assert.Equal(3, await fx.Retention.RunOnceAsync());
    }

    [Fact]
    public async Task On_low_space_the_oldest_files_go_first_ignoring_lifetime_but_never_a_file_being_written()
    {
        using var fx = new StorageFixture();
        fx.Options.RecordsRemoveOnLowSpace = true;
        fx.Options.RecordsMinFreeSpaceMiB = 10;
        fx.Probe.CapacityBytes = 50 * MiB;
        var writingOldest = await fx.AddRecordAsync(1, T0.AddHours(-5), TimeSpan.FromHours(6), sizeBytes: 10 * MiB, writing: true, taskId: 1);
        var oldest = await fx.AddRecordAsync(2, T0, TimeSpan.FromHours(1), sizeBytes: 10 * MiB, taskId: 2);
        var middle = await fx.AddRecordAsync(2, T0.AddHours(1), TimeSpan.FromHours(1), sizeBytes: 10 * MiB, taskId: 2);
        var newest = await fx.AddRecordAsync(3, T0.AddHours(2), TimeSpan.FromHours(1), sizeBytes: 15 * MiB, taskId: 3);
        // 45 MiB used of 50: 5 MiB free < 10 MiB minimum.

        fx.Time.Now = T0.AddHours(3); // nothing has expired (7-day lifetimes)
        Assert.Equal(1, await fx.Retention.RunOnceAsync());
        Assert.False(File.Exists(oldest.Path));
        Assert.True(fx.RetentionLogger.Has(6105));

        // Now 15 MiB free: enough, nothing more goes even after the removing period.
        fx.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await fx.Retention.RunOnceAsync());
        Assert.True(File.Exists(middle.Path));
        Assert.True(File.Exists(newest.Path));
        Assert.True(File.Exists(writingOldest.Path));

        // The disk shrinks (another writer): next the middle file, then the newest; the written one stays.
        fx.Probe.CapacityBytes = 30 * MiB;
        for (var i = 0; i < 4; i++)
        {
            fx.Time.Advance(TimeSpan.FromSeconds(10));
            await fx.Retention.RunOnceAsync();
        }

        Assert.False(File.Exists(middle.Path));
        Assert.False(File.Exists(newest.Path));
        Assert.True(File.Exists(writingOldest.Path));
        Assert.Equal([writingOldest.Id], (await fx.Catalog.GetRecordsAsync()).Select(r => r.Id));
        Assert.False(fx.RetentionLogger.Has(6110));

        // Only the file being written is left and space runs out: it is kept, and the operator told.
        fx.Probe.CapacityBytes = 15 * MiB;
        fx.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await fx.Retention.RunOnceAsync());
        Assert.True(File.Exists(writingOldest.Path));
        Assert.True(fx.RetentionLogger.Has(6110));
    }

    [Fact]
    public async Task Without_remove_on_low_space_a_full_disk_deletes_nothing_early()
    {
        using var fx = new StorageFixture();
        fx.Probe.CapacityBytes = 12 * MiB;
        var record = await fx.AddRecordAsync(2, T0, TimeSpan.FromHours(1), sizeBytes: 10 * MiB);

        fx.Time.Now = T0.AddHours(3);
        Assert.Equal(0, await fx.Retention.RunOnceAsync());
        Assert.True(File.Exists(record.Path));
    }
}
