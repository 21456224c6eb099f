using MicroPvr.Core.Recording;

namespace MicroPvr.Catalog.Sqlite.Tests.Storage;

public sealed class DeletionTests
{
    private static readonly DateTimeOffset T0 = StorageFixture.T0;

    [Fact]
    public async Task Delete_records_removes_files_started_by_the_time_never_a_file_being_written()
    {
        using var fx = new StorageFixture();
        var old = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1));
        var newer = await fx.AddRecordAsync(3, T0.AddHours(2), TimeSpan.FromHours(1));
        var writing = await fx.AddRecordAsync(4, T0, TimeSpan.FromHours(1), writing: true);
        var removed = new List<string>();
        fx.Storage.RecordRemoved += r => removed.Add(r.Path); // the delivery's index cache evicts on it

        var deleted = await fx.Storage.DeleteRecordsAsync(T0.AddHours(1), null);

        Assert.Equal(1, deleted);
        Assert.Equal([old.Path], removed);
        Assert.False(File.Exists(old.Path));
        Assert.False(File.Exists(KeyframeIndexFormat.IndexPathFor(old.Path)));
        Assert.True(File.Exists(newer.Path));
        Assert.True(File.Exists(writing.Path));
        Assert.Equal([newer.Id, writing.Id], (await fx.Catalog.GetRecordsAsync()).Select(r => r.Id).Order());
        Assert.True(fx.StorageLogger.Has(6102));
        Assert.True(Directory.Exists(Path.GetDirectoryName(newer.Path))); // ch_3 still holds a file
    }

    [Fact]
    public async Task Delete_records_without_arguments_empties_the_archive_and_its_channel_folders()
    {
        using var fx = new StorageFixture();
        var a = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1));
        await fx.AddRecordAsync(5, T0, TimeSpan.FromHours(1));

        Assert.Equal(2, await fx.Storage.DeleteRecordsAsync(null, null));

        Assert.Empty(await fx.Catalog.GetRecordsAsync());
        Assert.False(Directory.Exists(Path.GetDirectoryName(a.Path)));
        Assert.True(Directory.Exists(fx.Location)); // the record location itself stays
        Assert.True(fx.StorageLogger.Has(6109));
    }

    [Fact]
    public async Task Delete_oldest_days_takes_days_from_the_oldest_file_of_the_channel()
    {
        using var fx = new StorageFixture();
        var day1 = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(24));
        var day2 = await fx.AddRecordAsync(3, T0.AddDays(1), TimeSpan.FromHours(24));
        var day3 = await fx.AddRecordAsync(3, T0.AddDays(2), TimeSpan.FromHours(24));
        var otherChannel = await fx.AddRecordAsync(4, T0.AddDays(-5), TimeSpan.FromHours(24));

        Assert.Equal(2, await fx.Storage.DeleteOldestDaysAsync(2, 3));

        Assert.Equal([day3.Id, otherChannel.Id], (await fx.Catalog.GetRecordsAsync()).Select(r => r.Id).Order());
        Assert.False(File.Exists(day1.Path));
        Assert.False(File.Exists(day2.Path));
        Assert.Equal(0, await fx.Storage.DeleteOldestDaysAsync(0, null));
    }

    [Fact]
    public async Task A_record_whose_file_is_already_gone_loses_its_row()
    {
        using var fx = new StorageFixture();
        var record = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1));
        File.Delete(record.Path);

        Assert.True(await fx.Storage.DeleteRecordAsync(record, "test"));
        Assert.Empty(await fx.Catalog.GetRecordsAsync());
    }
}
