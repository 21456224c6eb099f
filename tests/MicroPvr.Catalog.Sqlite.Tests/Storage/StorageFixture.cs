using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;
using MicroPvr.TestKit;

namespace MicroPvr.Catalog.Sqlite.Tests.Storage;

/// <summary>
/// A real catalog and real record files in a temp dir that plays the role of one mount point,
/// a link dir beside it, a manual clock and a simulated disk size.
/// </summary>
internal sealed class StorageFixture : IDisposable
{
    public const long MiB = 1024 * 1024;
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly TempDirectory _dir = new("micropvr-storage");

    public StorageFixture()
    {
        Root = _dir.Combine("disk");
        Directory.CreateDirectory(Root);
        Location = Path.Combine(Root, "pvr");
        Options = new MicroPvrOptions
        {
            RecordsLinkDir = _dir.Combine("links"),
            RecordsRemovingPeriodSeconds = 5,
            RecordsBlockActiveTimeMinutes = 240,
            RecordsMinFreeSpaceMiB = 10,
            RecordsDefaultReserveSizeMiB = 4,
        };
        Time = new ManualTimeProvider(T0);
        Probe = new DiskBudgetProbe(Root, 1024 * MiB);
        Catalog = new SqliteCatalog(new SqliteCatalogOptions { DatabasePath = _dir.Combine("data", "catalog.db") }, new ListLogger<SqliteCatalog>());
        Storage = NewStorageManager();
        Retention = new RetentionWorker(Catalog, Storage, () => Options, Time, RetentionLogger);
    }

    public string Root { get; }
    public string Location { get; }
    public string DataDir => _dir.Combine("data");
    public MicroPvrOptions Options { get; }
    public ManualTimeProvider Time { get; }
    public DiskBudgetProbe Probe { get; }
    public SqliteCatalog Catalog { get; }
    public StorageManager Storage { get; }
    public RetentionWorker Retention { get; }
    public ListLogger<StorageManager> StorageLogger { get; } = new();
    public ListLogger<RetentionWorker> RetentionLogger { get; } = new();

    public StorageManager NewStorageManager() =>
        new(Catalog, Probe, () => Options, StorageLogger, () => new MountTable(["/", Root]));

    /// <summary>Writes a record file of the given size (sparse) with an index of one entry per 10 s up to its stop.</summary>
    public async Task<RecordFile> AddRecordAsync(
        int channel, DateTimeOffset start, TimeSpan length, long taskId = 77, long sizeBytes = MiB, bool writing = false,
        TimeSpan? lifetime = null, string? location = null, bool withIndex = true)
    {
        location ??= Location;
        var path = RecordFilePath.Build(location, channel, start, taskId);
        WriteFile(path, sizeBytes, withIndex ? start : null, length);
        return await Catalog.AddRecordAsync(new RecordFile
        {
            TaskId = taskId,
            ChannelId = channel,
            Path = path,
            RecordLocation = location,
            Start = start,
            Stop = start + length,
            IsWriting = writing,
            Lifetime = lifetime ?? TimeSpan.FromDays(7),
            SizeBytes = sizeBytes,
        });
    }

    public static void WriteFile(string path, long sizeBytes, DateTimeOffset? indexFrom, TimeSpan length)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = File.Create(path))
        {
            stream.SetLength(sizeBytes);
        }

        if (indexFrom is { } from)
        {
            using var index = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path));
            var steps = Math.Max(1, (int)(length.TotalSeconds / 10));
            for (var i = 0; i <= steps; i++)
            {
                var at = from + (length * i / steps);
                index.Append(new IndexEntry(at.ToUnixTimeMilliseconds(), 188L * (i + 1) * 100, 90_000L * i, IndexEntryFlags.None));
            }

            index.Flush(durable: false);
        }
    }

    public void Dispose()
    {
        Catalog.Dispose();
        _dir.Dispose();
    }
}
