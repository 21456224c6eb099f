using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Tests.Monitoring;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Delivery;

/// <summary>
/// Record files with real keyframe-index sidecars (written by the recorder's KeyframeIndexWriter)
/// in a temp dir. The .ts files are sparse (only their length matters to planning). PTS derive
/// from wall-clock time, as for one ingest written to several files, so seams can match frames.
/// </summary>
internal sealed class ArchiveFixture : IDisposable
{
    public const long BytesPerGop = 188 * 1000;

    public ArchiveFixture(long nowUnix = 1_700_100_000)
    {
        Clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(nowUnix));
        Catalog = new FakeCatalog(Clock);
        Indexes = new RecordIndexCache(Clock);
        Timeline = new ArchiveTimeline(Catalog, Indexes, Clock);
    }

    public TempDirectory Dir { get; } = new("micropvr-delivery");

    public ManualClock Clock { get; }

    public FakeCatalog Catalog { get; }

    public RecordIndexCache Indexes { get; }

    public ArchiveTimeline Timeline { get; }

    public static long Pts(long utcMs) => utcMs * 90 % (1L << 33);

    /// <summary>A record with one keyframe every gopMs from start + firstKeyframeDelayMs.</summary>
    public RecordFile AddRecord(int channel, long startUnix, int seconds, int gopMs = 2000, int priority = 50, string location = "hdd",
        bool writing = false, long taskId = 7, Func<int, IndexEntryFlags>? flags = null, int firstKeyframeDelayMs = 200, Func<int, long>? extraMs = null)
    {
        var dir = Path.Combine(Dir.Path, location, $"ch_{channel}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"c{channel}_t{startUnix}_{taskId}.ts");
        var count = 0;
        using (var writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path)))
        {
            for (var k = 0; (long)k * gopMs + firstKeyframeDelayMs < seconds * 1000L; k++)
            {
                var utc = (startUnix * 1000) + firstKeyframeDelayMs + ((long)k * gopMs) + (extraMs?.Invoke(k) ?? 0);
                writer.Append(new IndexEntry(utc, k * BytesPerGop, Pts(utc), flags?.Invoke(k) ?? IndexEntryFlags.None));
                count++;
            }

            writer.Flush();
        }

        using (var ts = File.Create(path))
        {
            ts.SetLength(count * BytesPerGop);
        }

        return Catalog.Add(new RecordFile
        {
            TaskId = taskId,
            ChannelId = channel,
            Path = path,
            RecordLocation = Path.Combine(Dir.Path, location),
            Priority = priority,
            Start = DateTimeOffset.FromUnixTimeSeconds(startUnix),
            Stop = DateTimeOffset.FromUnixTimeSeconds(startUnix + seconds),
            IsWriting = writing,
            SizeBytes = count * BytesPerGop,
        });
    }

    public void Dispose() => Dir.Dispose();
}
