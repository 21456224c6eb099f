using static MicroPvr.Catalog.Sqlite.Tests.CatalogTestData;

namespace MicroPvr.Catalog.Sqlite.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Many_writers_and_readers_at_once_lose_nothing_and_never_fail()
    {
        using var fx = new SqliteCatalogFixture();
        const int writers = 6;
        const int perWriter = 150;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var writing = new int[1];

        var writerTasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var added = await fx.Catalog.AddRecordAsync(Record(w + 1, T0.AddMinutes(i), T0.AddMinutes(i + 1)), stop.Token);
                await fx.Catalog.MarkRecordReadAsync(added.Id, T0.AddDays(1), stop.Token);
            }
        })).ToArray();
        var readerTasks = Enumerable.Range(0, 6).Select(r => Task.Run(async () =>
        {
            var reads = 0;
            while (!Task.WhenAll(writerTasks).IsCompleted || reads == 0)
            {
                var found = await fx.Catalog.FindRecordsAsync((r % writers) + 1, T0, T0.AddDays(1));
                // Every row a reader sees is complete: readers see committed transactions only (WAL snapshot).
                Assert.All(found, f => Assert.NotNull(f.Stop));
                reads++;
            }

            Interlocked.Add(ref writing[0], reads);
        })).ToArray();

        await Task.WhenAll(writerTasks.Concat(readerTasks)).WaitAsync(stop.Token);

        var all = await fx.Catalog.GetRecordsAsync();
        Assert.Equal(writers * perWriter, all.Count);
        Assert.All(all, r => Assert.Equal(T0.AddDays(1), r.LastReadAt));
        Assert.True(writing[0] > 0);
    }
}
