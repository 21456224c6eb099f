using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Catalog.Sqlite.Tests.Storage;

public sealed class RebuildTests
{
    private static readonly DateTimeOffset T0 = StorageFixture.T0;

    private static async Task<CatalogRebuildReport> RebuildAsync(ICatalog catalog, string? linkDir, bool recordersRunning = false, params string[] extraRoots)
    {
        var rebuilder = new CatalogRebuilder(catalog, new ListLogger<CatalogRebuilder>());
        var roots = await rebuilder.ResolveScanRootsAsync(linkDir, extraRoots);
        return await rebuilder.RebuildAsync(roots, recordersRunning);
    }

    private static SqliteCatalog OpenCatalog(string dataDir) =>
        new(new SqliteCatalogOptions { DatabasePath = Path.Combine(dataDir, "catalog.db") }, new ListLogger<SqliteCatalog>());

    private static void DeleteDatabase(string dataDir)
    {
        foreach (var file in Directory.GetFiles(dataDir, "catalog.db*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Deleting_the_database_loses_nothing_and_a_second_rebuild_changes_nothing()
    {
        using var fx = new StorageFixture();
        var task = await fx.Catalog.AddTaskAsync(CatalogTestData.NewTask(3, fx.Location, priority: 20) with { Lifetime = TimeSpan.FromDays(3) });
        fx.Storage.RegisterLocation(fx.Location); // link dir: how the rebuild finds the location once the tasks are gone
        var indexed = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(24), taskId: task.Id, lifetime: TimeSpan.FromDays(3));
        var unindexed = await fx.AddRecordAsync(3, T0.AddDays(1), TimeSpan.FromHours(2), taskId: task.Id, withIndex: false);
        File.SetLastWriteTimeUtc(unindexed.Path, T0.AddDays(1).AddHours(2).UtcDateTime);
        var orphanTaskFile = await fx.AddRecordAsync(8, T0, TimeSpan.FromHours(1), taskId: 999);
        fx.Catalog.Dispose();
        DeleteDatabase(fx.DataDir);

        using var catalog = OpenCatalog(fx.DataDir);
        Assert.True(catalog.StartedFresh);
        var first = await RebuildAsync(catalog, fx.Options.RecordsLinkDir);

        Assert.Equal(3, first.Added);
        var rows = (await catalog.GetRecordsAsync()).ToDictionary(r => r.Path);
        Assert.Equal(indexed.Stop, rows[indexed.Path].Stop); // last index entry
        Assert.Equal(T0.AddDays(1).AddHours(2), rows[unindexed.Path].Stop); // file mtime
        Assert.Equal(T0, rows[indexed.Path].Start);
        Assert.Equal(3, rows[indexed.Path].ChannelId);
        Assert.Equal(StorageFixture.MiB, rows[indexed.Path].SizeBytes);
        Assert.Equal(fx.Location, rows[indexed.Path].RecordLocation);
        Assert.Equal(RecordFile.UnknownLifetime, rows[orphanTaskFile.Path].Lifetime); // its task is unknown: kept

        var second = await RebuildAsync(catalog, fx.Options.RecordsLinkDir);
        Assert.Equal((0, 0, 0, 3), (second.Added, second.Updated, second.Removed, second.Unchanged));
        Assert.Equal(3, (await catalog.GetRecordsAsync()).Count);
    }

    [Fact]
    public async Task Task_values_are_restored_when_the_tasks_survive()
    {
        using var fx = new StorageFixture();
        var task = await fx.Catalog.AddTaskAsync(CatalogTestData.NewTask(3, fx.Location, priority: 20) with { Lifetime = TimeSpan.FromDays(3) });
        var record = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1), taskId: task.Id);
        await fx.Catalog.DeleteRecordAsync(record.Id);

        var report = await RebuildAsync(fx.Catalog, null);

        Assert.Equal(1, report.Added);
        var row = Assert.Single(await fx.Catalog.GetRecordsAsync());
        Assert.Equal((20, TimeSpan.FromDays(3), "Channel 3"), (row.Priority, row.Lifetime, row.ChannelName));
    }

    [Fact]
    public async Task Orphan_rows_are_removed_stale_rows_repaired_and_writing_flags_cleared_at_start_up()
    {
        using var fx = new StorageFixture();
        var gone = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1));
        var stale = await fx.AddRecordAsync(3, T0.AddHours(1), TimeSpan.FromHours(1), writing: true);
        var lastRead = T0.AddHours(5);
        await fx.Catalog.MarkRecordReadAsync(stale.Id, lastRead);
        File.Delete(gone.Path);
        // The recorder went on writing after the last catalog update, then the daemon was killed.
        using (var index = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(stale.Path)))
        {
            index.Append(new IndexEntry(T0.AddHours(3).ToUnixTimeMilliseconds(), 1L << 30, 0, IndexEntryFlags.None));
        }

        var report = await RebuildAsync(fx.Catalog, null, recordersRunning: false, fx.Location);

        Assert.Equal((1, 1), (report.Removed, report.Updated));
        var row = Assert.Single(await fx.Catalog.GetRecordsAsync());
        Assert.Equal(stale.Id, row.Id);
        Assert.False(row.IsWriting);
        Assert.Equal(T0.AddHours(3), row.Stop);
        Assert.Equal(lastRead, row.LastReadAt);
    }

    [Fact]
    public async Task Beside_a_running_daemon_files_being_written_keep_their_flag()
    {
        using var fx = new StorageFixture();
        await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1), writing: true);

        var report = await RebuildAsync(fx.Catalog, null, recordersRunning: true);

        Assert.Equal(1, report.Unchanged);
        Assert.True(Assert.Single(await fx.Catalog.GetRecordsAsync()).IsWriting);
    }

    [Fact]
    public async Task Rows_of_a_missing_location_are_kept_until_it_comes_back()
    {
        using var fx = new StorageFixture();
        var unmounted = Path.Combine(fx.Root, "unmounted");
        var record = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1), location: unmounted);
        Directory.Move(unmounted, unmounted + ".away");

        var report = await RebuildAsync(fx.Catalog, null);

        Assert.Equal(0, report.Removed);
        Assert.Equal(record.Id, Assert.Single(await fx.Catalog.GetRecordsAsync()).Id);
    }

    [Fact]
    public async Task A_corrupt_database_is_replaced_and_rebuilt_from_the_files()
    {
        using var fx = new StorageFixture();
        fx.Storage.RegisterLocation(fx.Location);
        var a = await fx.AddRecordAsync(3, T0, TimeSpan.FromHours(1));
        var b = await fx.AddRecordAsync(4, T0, TimeSpan.FromHours(1));
        fx.Catalog.Dispose();
        DeleteDatabase(fx.DataDir);
        await File.WriteAllTextAsync(Path.Combine(fx.DataDir, "catalog.db"), new string('x', 10_000));

        using var catalog = OpenCatalog(fx.DataDir);
        Assert.True(catalog.RecoveredFromCorruption);
        await RebuildAsync(catalog, fx.Options.RecordsLinkDir);

        Assert.Equal([a.Path, b.Path], (await catalog.GetRecordsAsync()).Select(r => r.Path).Order());
    }

    [Fact]
    public async Task Scan_roots_come_from_tasks_records_and_link_targets_without_duplicates()
    {
        using var fx = new StorageFixture();
        var fromTask = Path.Combine(fx.Root, "a");
        var fromLink = Path.Combine(fx.Root, "b");
        await fx.Catalog.AddTaskAsync(CatalogTestData.NewTask(1, fromTask));
        await fx.AddRecordAsync(1, T0, TimeSpan.FromHours(1), location: fromTask + "/");
        Directory.CreateDirectory(fx.Options.RecordsLinkDir);
        Directory.CreateSymbolicLink(Path.Combine(fx.Options.RecordsLinkDir, "0000000B"), fromLink);

        var roots = await new CatalogRebuilder(fx.Catalog, new ListLogger<CatalogRebuilder>())
            .ResolveScanRootsAsync(fx.Options.RecordsLinkDir, [fromTask]);

        Assert.Equal([fromTask, fromLink], roots);
    }
}
