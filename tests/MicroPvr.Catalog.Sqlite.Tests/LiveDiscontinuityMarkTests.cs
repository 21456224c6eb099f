using MicroPvr.Catalog.Sqlite.Migrations;
using MicroPvr.Catalog.Sqlite.Tests.Storage;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Catalog.Sqlite.Tests;

/// <summary>
/// The live_discontinuity table (migration 3): the marks the live playlist's
/// EXT-X-DISCONTINUITY-SEQUENCE counts on from (RFC 8216 §6.2.2), kept across restarts, a catalog
/// rebuilt from the record files, and an upgrade from the previous schema.
/// </summary>
public class LiveDiscontinuityMarkTests
{
    private const long Start = 1_780_000_000; // 2026, after the floor's origin
    private const int GopMs = 2000;

    [Fact]
    public async Task A_mark_is_stored_once_and_replaced_only_by_who_saw_it()
    {
        using var fx = new SqliteCatalogFixture();
        var first = new LiveDiscontinuityMark(3, 5000, 100, 7);
        Assert.Null(await fx.Catalog.GetLiveDiscontinuityMarkAsync(3));
        Assert.Equal(first, await fx.Catalog.ReplaceLiveDiscontinuityMarkAsync(null, first));
        // A second "first" mark (another process started at the same time) loses to the stored one.
        Assert.Equal(first, await fx.Catalog.ReplaceLiveDiscontinuityMarkAsync(null, first with { Slot = 101, Sequence = 9 }));
        var next = first with { Slot = 130, Sequence = 8 };
        Assert.Equal(next, await fx.Catalog.ReplaceLiveDiscontinuityMarkAsync(first, next));
        // A stale caller (it still expects the first mark) does not move it.
        Assert.Equal(next, await fx.Catalog.ReplaceLiveDiscontinuityMarkAsync(first, first with { Slot = 120 }));
        Assert.Null(await fx.Catalog.GetLiveDiscontinuityMarkAsync(4));
        Assert.Equal(next, await fx.Reopen().GetLiveDiscontinuityMarkAsync(3));
    }

    [Fact]
    public async Task A_version_2_catalog_is_migrated_and_keeps_its_rows()
    {
        using var fx = new SqliteCatalogFixture();
        var record = await fx.Catalog.AddRecordAsync(CatalogTestData.Record(3, CatalogTestData.T0, CatalogTestData.T0.AddHours(1)));
        fx.Catalog.Dispose();
        // What a session-4 daemon left: migrations 1 and 2.
        SchemaTests.RollBackTo(fx.DatabasePath, 2);

        var reopened = fx.Reopen();
        Assert.Equal(SchemaMigrator.LatestVersion, reopened.SchemaVersion);
        Assert.True(reopened.SchemaVersion >= 3);
        Assert.Contains(fx.Logger.Events, e => e.Code == 3001 && e.Message.Contains("live discontinuity marks"));
        Assert.Equal(record, await reopened.GetRecordAsync(record.Id));
        var mark = new LiveDiscontinuityMark(3, 5000, 100, 7);
        Assert.Equal(mark, await reopened.ReplaceLiveDiscontinuityMarkAsync(null, mark));
        Assert.Equal(mark, await fx.Reopen().GetLiveDiscontinuityMarkAsync(3));
    }

    [Fact]
    public async Task The_live_discontinuity_sequence_survives_a_restart_and_a_catalog_rebuilt_from_the_files()
    {
        using var dir = new TempDirectory("micropvr-live-dseq");
        using var fx = new SqliteCatalogFixture();
        // Ten minutes recorded, a source restart every 100 s (flagged in the index).
        var path = WriteRecord(dir.Combine("hdd"), channel: 3, Start, seconds: 600, restartEvery: 50);
        await fx.Catalog.AddRecordAsync(new RecordFile
        {
            TaskId = 9,
            ChannelId = 3,
            Path = path,
            RecordLocation = dir.Combine("hdd"),
            Start = DateTimeOffset.FromUnixTimeSeconds(Start),
            Stop = DateTimeOffset.FromUnixTimeSeconds(Start + 600),
            Lifetime = TimeSpan.FromDays(1),
            SizeBytes = new FileInfo(path).Length,
        });
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Start + 120));
        var planner = new LiveWindowPlanner(fx.Catalog, new RecordIndexCache(clock), clock);
        var sequences = new List<long>();
        for (; clock.Now < DateTimeOffset.FromUnixTimeSeconds(Start + 590); clock.Advance(TimeSpan.FromSeconds(2)))
        {
            var live = await planner.PlanAsync(3, TimeSpan.FromSeconds(10));
            Assert.NotNull(live);
            sequences.Add(live.DiscontinuitySequence);
        }

        Assert.Equal(sequences.Order(), sequences);
        Assert.InRange(sequences[^1] - sequences[0], 4, 5);
        var before = sequences[^1];

        // A restarted daemon (the catalog reopened, a new planner).
        var reopened = fx.Reopen();
        var restarted = await new LiveWindowPlanner(reopened, new RecordIndexCache(clock), clock).PlanAsync(3, TimeSpan.FromSeconds(10));
        Assert.NotNull(restarted);
        Assert.Equal(before, restarted.DiscontinuitySequence);

        // The records table lost and rebuilt from the files: the mark is not in the files, the
        // rebuild leaves it alone, so the count goes on where it stood.
        foreach (var row in await reopened.GetRecordsAsync())
        {
            await reopened.DeleteRecordAsync(row.Id);
        }

        var report = await new CatalogRebuilder(reopened, NullLogger<CatalogRebuilder>.Instance).RebuildAsync([dir.Combine("hdd")], recordersRunning: false);
        Assert.Equal(1, report.Added);
        var rebuilt = await new LiveWindowPlanner(reopened, new RecordIndexCache(clock), clock).PlanAsync(3, TimeSpan.FromSeconds(10));
        Assert.NotNull(rebuilt);
        Assert.Equal(before, rebuilt.DiscontinuitySequence);
    }

    private static string WriteRecord(string location, int channel, long startUnix, int seconds, int restartEvery)
    {
        var folder = Path.Combine(location, $"ch_{channel}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"c{channel}_t{startUnix}_9.ts");
        const long bytesPerGop = 188 * 100;
        var count = 0;
        using (var writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path)))
        {
            for (var k = 0; ((long)k * GopMs) + 200 < seconds * 1000L; k++, count++)
            {
                var utc = (startUnix * 1000) + 200 + ((long)k * GopMs);
                writer.Append(new IndexEntry(utc, k * bytesPerGop, utc * 90 % (1L << 33), k > 0 && k % restartEvery == 0 ? IndexEntryFlags.Discontinuity : IndexEntryFlags.None));
            }

            writer.Flush();
        }

        using var ts = File.Create(path);
        ts.SetLength(count * bytesPerGop);
        return path;
    }
}
