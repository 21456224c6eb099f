using MicroPvr.Catalog.Sqlite.Migrations;
using MicroPvr.Core.Catalog;

namespace MicroPvr.Catalog.Sqlite.Tests;

/// <summary>range_locks in the real SQLite catalog (migration 2): store, list, persist, unlock by id and by range.</summary>
public sealed class RangeLockTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static RangeLock Lock(int channel, int fromHour, int toHour, string? comment = null) =>
        new() { ChannelId = channel, From = T0.AddHours(fromHour), To = T0.AddHours(toHour), Comment = comment };

    private static List<(int, double, double)> Shape(IEnumerable<RangeLock> locks) =>
        [.. locks.Select(l => (l.ChannelId, (l.From - T0).TotalHours, (l.To - T0).TotalHours))];

    [Fact]
    public async Task Locks_are_stored_listed_by_channel_and_survive_a_reopen()
    {
        using var fx = new SqliteCatalogFixture();
        var a = await fx.Catalog.AddRangeLockAsync(Lock(3, 2, 4, "match of the day"));
        var b = await fx.Catalog.AddRangeLockAsync(Lock(3, 0, 1));
        await fx.Catalog.AddRangeLockAsync(Lock(5, 0, 1));
        Assert.True(a.Id > 0);
        Assert.NotEqual(a.Id, b.Id);
        Assert.NotEqual(default, a.CreatedAt);
        Assert.True(fx.Logger.Has(3010));

        var reopened = fx.Reopen();
        Assert.Equal([(3, 0, 1), (3, 2, 4)], Shape(await reopened.GetRangeLocksAsync(3)));
        Assert.Equal([(3, 0, 1), (3, 2, 4), (5, 0, 1)], Shape(await reopened.GetRangeLocksAsync()));
        var stored = (await reopened.GetRangeLocksAsync(3))[1];
        Assert.Equal(a with { CreatedAt = stored.CreatedAt }, stored);
        Assert.Equal(a.CreatedAt.ToUnixTimeMilliseconds(), stored.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Equal("match of the day", stored.Comment);
    }

    [Fact]
    public async Task An_empty_or_reversed_range_is_refused()
    {
        using var fx = new SqliteCatalogFixture();
        await Assert.ThrowsAsync<ArgumentException>(async () => await fx.Catalog.AddRangeLockAsync(Lock(3, 2, 2)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await fx.Catalog.AddRangeLockAsync(Lock(3, 2, 1)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await fx.Catalog.UnlockRangeAsync(3, T0, T0));
        Assert.Empty(await fx.Catalog.GetRangeLocksAsync());
    }

    [Fact]
    public async Task Removing_by_id_deletes_only_that_lock()
    {
        using var fx = new SqliteCatalogFixture();
        var a = await fx.Catalog.AddRangeLockAsync(Lock(3, 0, 1));
        await fx.Catalog.AddRangeLockAsync(Lock(3, 0, 1));
        Assert.True(await fx.Catalog.RemoveRangeLockAsync(a.Id));
        Assert.False(await fx.Catalog.RemoveRangeLockAsync(a.Id));
        Assert.True(fx.Logger.Has(3012));
        Assert.Equal([(3, 0, 1)], Shape(await fx.Catalog.GetRangeLocksAsync()));
    }

    [Fact]
    public async Task Unlocking_a_range_removes_trims_and_splits_the_channels_locks()
    {
        using var fx = new SqliteCatalogFixture();
        await fx.Catalog.AddRangeLockAsync(Lock(3, 0, 2));   // over the start of the range: trimmed to [0, 1)
        await fx.Catalog.AddRangeLockAsync(Lock(3, 2, 3));   // inside: removed
        await fx.Catalog.AddRangeLockAsync(Lock(3, 4, 6));   // over the end: trimmed to [5, 6)
        var spanning = await fx.Catalog.AddRangeLockAsync(Lock(3, -10, 10, "season")); // split: [-10, 1) and [5, 10)
        await fx.Catalog.AddRangeLockAsync(Lock(3, 6, 7));   // after the range: untouched
        await fx.Catalog.AddRangeLockAsync(Lock(4, 2, 3));   // another channel: untouched

        var result = await fx.Catalog.UnlockRangeAsync(3, T0.AddHours(1), T0.AddHours(5));

        Assert.Equal(new RangeUnlockResult(Removed: 1, Trimmed: 2, Split: 1), result);
        Assert.True(fx.Logger.Has(3011));
        var after = await fx.Catalog.GetRangeLocksAsync();
        Assert.Equal([(3, -10, 1), (3, 0, 1), (3, 5, 6), (3, 5, 10), (3, 6, 7), (4, 2, 3)], Shape(after));
        // The head of a split lock keeps its id; both halves keep the comment.
        Assert.Contains(after, l => l.Id == spanning.Id && l.To == T0.AddHours(1));
        Assert.Equal(2, after.Count(l => l.Comment == "season"));

        // Nothing of channel 3 is locked inside the range any more.
        Assert.DoesNotContain(after, l => l.ChannelId == 3 && l.From < T0.AddHours(5) && l.To > T0.AddHours(1));
        Assert.Equal(default, await fx.Catalog.UnlockRangeAsync(3, T0.AddHours(1), T0.AddHours(5)));
    }

    [Fact]
    public async Task A_version_1_catalog_is_migrated_and_keeps_its_rows()
    {
        using var fx = new SqliteCatalogFixture();
        var record = await fx.Catalog.AddRecordAsync(CatalogTestData.Record(3, T0, T0.AddHours(1)));
        fx.Catalog.Dispose();
        // What a session-1 daemon left: only migration 1.
        SchemaTests.RollBackTo(fx.DatabasePath, 1);

        var reopened = fx.Reopen();
        Assert.Equal(SchemaMigrator.LatestVersion, reopened.SchemaVersion);
        Assert.True(reopened.SchemaVersion >= 2);
        Assert.Contains(fx.Logger.Events, e => e.Code == 3001 && e.Message.Contains("range locks"));
        Assert.Equal(record, await reopened.GetRecordAsync(record.Id));
        var stored = await reopened.AddRangeLockAsync(Lock(3, 0, 1));
        Assert.Equal([stored], await reopened.GetRangeLocksAsync());
    }
}
