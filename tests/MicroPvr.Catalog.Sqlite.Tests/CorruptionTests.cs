namespace MicroPvr.Catalog.Sqlite.Tests;

public sealed class CorruptionTests
{
    [Fact]
    public async Task A_file_that_is_not_a_database_is_moved_aside_and_a_fresh_catalog_started()
    {
        using var fx = new SqliteCatalogFixture();
        fx.Catalog.Dispose();
        foreach (var suffix in (string[])["", "-wal", "-shm"])
        {
            File.Delete(fx.DatabasePath + suffix);
        }

        var garbage = new byte[64 * 1024];
        new Random(42).NextBytes(garbage);
        await File.WriteAllBytesAsync(fx.DatabasePath, garbage);

        var catalog = fx.Reopen();

        Assert.True(catalog.RecoveredFromCorruption);
        Assert.True(catalog.StartedFresh);
        Assert.True(fx.Logger.Has(3002));
        var aside = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(fx.DatabasePath)!, "catalog.db.corrupt-*"));
        Assert.Equal(garbage, await File.ReadAllBytesAsync(aside));
        var added = await catalog.AddRecordAsync(CatalogTestData.Record(3, CatalogTestData.T0, null));
        Assert.Equal(added, Assert.Single(await catalog.GetRecordsAsync()));
    }

    [Fact]
    public async Task Damaged_pages_of_a_real_catalog_are_detected_at_open()
    {
        using var fx = new SqliteCatalogFixture();
        for (var i = 0; i < 2000; i++)
        {
            await fx.Catalog.AddRecordAsync(CatalogTestData.Record(i % 50, CatalogTestData.T0.AddHours(i), null));
        }

        fx.Catalog.Dispose(); // closing the last connection checkpoints the WAL into the main file
        var bytes = await File.ReadAllBytesAsync(fx.DatabasePath);
        Assert.True(bytes.Length > 8 * 4096);
        // Keep page 1 (header and schema) intact, scribble over the b-tree pages after it.
        new Random(7).NextBytes(bytes.AsSpan(4096, bytes.Length - 4096));
        await File.WriteAllBytesAsync(fx.DatabasePath, bytes);

        var catalog = fx.Reopen();

        Assert.True(catalog.RecoveredFromCorruption);
        Assert.Empty(await catalog.GetRecordsAsync());
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(fx.DatabasePath)!, "catalog.db.corrupt-*"));
    }

    [Fact]
    public void A_healthy_catalog_is_not_touched()
    {
        using var fx = new SqliteCatalogFixture();
        var catalog = fx.Reopen();
        Assert.False(catalog.RecoveredFromCorruption);
        Assert.False(fx.Logger.Has(3002));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(fx.DatabasePath)!, "catalog.db.corrupt-*"));
    }
}
