using MicroPvr.Core.Catalog;
using static MicroPvr.Catalog.Sqlite.Tests.CatalogTestData;

namespace MicroPvr.Catalog.Sqlite.Tests;

public sealed class RecordsTests
{
    [Fact]
    public async Task Adding_the_same_path_twice_keeps_one_row_and_its_last_read_time()
    {
        using var fx = new SqliteCatalogFixture();
        var first = await fx.Catalog.AddRecordAsync(Record(3, T0, null, writing: true));
        await fx.Catalog.MarkRecordReadAsync(first.Id, T0.AddMinutes(5));

        var second = await fx.Catalog.AddRecordAsync(first with { Id = 0, Stop = T0.AddHours(1), IsWriting = false, SizeBytes = 5000 });

        Assert.Equal(first.Id, second.Id);
        var row = Assert.Single(await fx.Catalog.GetRecordsAsync());
        Assert.Equal(T0.AddHours(1), row.Stop);
        Assert.False(row.IsWriting);
        Assert.Equal(5000, row.SizeBytes);
        Assert.Equal(T0.AddMinutes(5), row.LastReadAt);
    }

    [Fact]
    public async Task Records_round_trip_including_unknown_lifetime()
    {
        using var fx = new SqliteCatalogFixture();
        var record = Record(9, T0, T0.AddSeconds(3600.5)) with { Lifetime = RecordFile.UnknownLifetime, ChannelName = "Nine" };

        var added = await fx.Catalog.AddRecordAsync(record);

        Assert.Equal(record with { Id = added.Id }, added);
        Assert.Equal(added, await fx.Catalog.GetRecordAsync(added.Id));
        Assert.Equal(added, await fx.Catalog.GetRecordByPathAsync(record.Path));
        Assert.Null(await fx.Catalog.GetRecordByPathAsync("/nowhere.ts"));
    }

    [Fact]
    public async Task Find_returns_overlapping_records_best_priority_first_and_writing_files_open_ended()
    {
        using var fx = new SqliteCatalogFixture();
        var hddDay1 = await fx.Catalog.AddRecordAsync(Record(3, T0, T0.AddHours(24), "/hdd/pvr", priority: 50));
        var hddDay2 = await fx.Catalog.AddRecordAsync(Record(3, T0.AddHours(24), T0.AddHours(30), "/hdd/pvr", priority: 50, writing: true));
        var ssd = await fx.Catalog.AddRecordAsync(Record(3, T0.AddHours(20), T0.AddHours(25), "/ssd/pvr", taskId: 78, priority: 10));
        await fx.Catalog.AddRecordAsync(Record(4, T0, T0.AddHours(48)));

        Assert.Equal([ssd, hddDay1], await fx.Catalog.FindRecordsAsync(3, T0.AddHours(21), T0.AddHours(22)));
        Assert.Equal([hddDay1], await fx.Catalog.FindRecordsAsync(3, T0.AddHours(1), T0.AddHours(2)));
        // Past the last known stop of the file still being written: it still covers the live edge.
        Assert.Equal([hddDay2], await fx.Catalog.FindRecordsAsync(3, T0.AddHours(40), T0.AddHours(41)));
        Assert.Empty(await fx.Catalog.FindRecordsAsync(3, T0.AddHours(-5), T0.AddHours(-1)));
        Assert.Equal([hddDay1, ssd, hddDay2], await fx.Catalog.GetRecordsAsync(3));
    }

    [Fact]
    public async Task Read_time_never_moves_back()
    {
        using var fx = new SqliteCatalogFixture();
        var record = await fx.Catalog.AddRecordAsync(Record(3, T0, T0.AddHours(1)));

        await fx.Catalog.MarkRecordReadAsync(record.Id, T0.AddHours(3));
        await fx.Catalog.MarkRecordReadAsync(record.Id, T0.AddHours(2));
        await fx.Catalog.UpdateRecordAsync(record with { SizeBytes = 42 });

        var row = await fx.Catalog.GetRecordAsync(record.Id);
        Assert.Equal(T0.AddHours(3), row!.LastReadAt);
        Assert.Equal(42, row.SizeBytes);
    }

    [Fact]
    public async Task Delete_removes_one_row_and_locations_come_from_tasks_and_records()
    {
        using var fx = new SqliteCatalogFixture();
        var a = await fx.Catalog.AddRecordAsync(Record(3, T0, T0.AddHours(1), "/hdd/pvr"));
        var b = await fx.Catalog.AddRecordAsync(Record(3, T0.AddHours(1), T0.AddHours(2), "/hdd/pvr"));
        await fx.Catalog.AddTaskAsync(NewTask(5, "/ssd/pvr"));

        await fx.Catalog.DeleteRecordAsync(a.Id);

        Assert.Equal([b], await fx.Catalog.GetRecordsAsync());
        Assert.Equal(["/hdd/pvr", "/ssd/pvr"], await fx.Catalog.GetRecordLocationsAsync());
    }
}
