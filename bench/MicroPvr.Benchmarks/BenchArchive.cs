using MicroPvr.BenchTools;
using MicroPvr.Catalog.Sqlite;
using MicroPvr.Core.Delivery;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Benchmarks;

/// <summary>
/// A temporary archive for the delivery benchmarks: channels × days of daily records written by
/// <see cref="SyntheticArchive"/> (the real index writer and catalog, a keyframe every 2 s at
/// 8 Mbit/s, the demo fixture as every file's head), and the product's timeline over it.
/// </summary>
public sealed class BenchArchive : IDisposable
{
    private BenchArchive(string root, SqliteCatalog catalog, long from, long to)
    {
        Root = root;
        Catalog = catalog;
        From = from;
        To = to;
        Indexes = new RecordIndexCache(TimeProvider.System);
        Timeline = new ArchiveTimeline(catalog, Indexes, TimeProvider.System);
    }

    public string Root { get; }

    public SqliteCatalog Catalog { get; }

    public RecordIndexCache Indexes { get; }

    public ArchiveTimeline Timeline { get; }

    /// <summary>Start of the archive (unix seconds).</summary>
    public long From { get; }

    /// <summary>End of the archive (unix seconds).</summary>
    public long To { get; }

    public string Records => Path.Combine(Root, "records");

    public static BenchArchive Create(int channels, int days)
    {
        var root = Path.Combine(Path.GetTempPath(), "micropvr-benchmarks-" + Guid.NewGuid().ToString("N"));
        var records = Path.Combine(root, "records");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(records);
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600;
        var (from, to, _, _) = SyntheticArchive.WriteAsync(records, data, channels, days, File.ReadAllBytes(Fixtures.H264Aac), 2, 1_000_000, end)
            .GetAwaiter().GetResult();
        var catalog = new SqliteCatalog(
            new SqliteCatalogOptions { DatabasePath = Path.Combine(data, SqliteCatalogOptions.DefaultFileName) },
            NullLogger<SqliteCatalog>.Instance);
        return new BenchArchive(root, catalog, from, to);
    }

    public void Dispose()
    {
        Catalog.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
