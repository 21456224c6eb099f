using System.Globalization;
using MicroPvr.Catalog.Sqlite;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.BenchTools;

/// <summary>
/// A days-deep archive of many channels written through the product's own writers, so that the
/// daemon (or a benchmark) reads exactly what a recorder leaves: per channel and day one record
/// file named by compat spec §2, its keyframe index written by <see cref="KeyframeIndexWriter"/>
/// (a keyframe every GOP, byte offsets at the given bitrate) and its catalog row through
/// <see cref="SqliteCatalog"/>. The .ts files are sparse (the length the bitrate implies, blocks
/// unallocated) and begin with the real bytes of a head clip (PAT, PMT, a keyframe), so a week of
/// 50 channels fits on a developer's disk while every index position and file length is real.
/// Shared by `synth-archive` and bench/MicroPvr.Benchmarks (linked source).
/// </summary>
public static class SyntheticArchive
{
    public const int DaySeconds = 86400;
    private const int PacketSize = 188;

    /// <summary>Writes the archive; returns its span (unix seconds), the files and the index entries written.</summary>
    /// <param name="end">End of the archive (unix seconds); it starts <paramref name="days"/> days before.</param>
    public static async Task<(long From, long To, long Files, long Entries)> WriteAsync(string records, string dataDir, int channels, int days,
        byte[] head, int gopSeconds, long bytesPerSecond, long end)
    {
        ArgumentNullException.ThrowIfNull(head);
        var from = end - ((long)days * DaySeconds);
        Directory.CreateDirectory(dataDir);
        using var catalog = new SqliteCatalog(
            new SqliteCatalogOptions { DatabasePath = Path.Combine(dataDir, SqliteCatalogOptions.DefaultFileName) },
            NullLogger<SqliteCatalog>.Instance);

        long entries = 0, files = 0;
        for (var channel = 1; channel <= channels; channel++)
        {
            Directory.CreateDirectory(RecordFilePath.ChannelDirectory(records, channel));
            for (var day = 0; day < days; day++)
            {
                var start = DateTimeOffset.FromUnixTimeSeconds(from + ((long)day * DaySeconds));
                var path = RecordFilePath.Build(records, channel, start, taskId: channel);
                var length = bytesPerSecond * DaySeconds;
                WriteSparseRecord(path, head, length);
                entries += WriteIndex(path, start, gopSeconds, bytesPerSecond, head.Length);
                await catalog.AddRecordAsync(new RecordFile
                {
                    TaskId = channel,
                    ChannelId = channel,
                    ChannelName = string.Create(CultureInfo.InvariantCulture, $"bench {channel}"),
                    Path = path,
                    RecordLocation = records,
                    Start = start,
                    Stop = start.AddSeconds(DaySeconds),
                    IsWriting = false,
                    Lifetime = TimeSpan.FromDays(365),
                    SizeBytes = length,
                });
                files++;
            }
        }

        return (from, end, files, entries);
    }

    private static void WriteSparseRecord(string path, byte[] head, long length)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(head);
        file.SetLength(length);
    }

    /// <summary>One entry per GOP; offsets on packet boundaries, PTS on the 33-bit 90 kHz clock.</summary>
    private static long WriteIndex(string path, DateTimeOffset start, int gopSeconds, long bytesPerSecond, int headLength)
    {
        using var writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path));
        long count = 0;
        const long PtsWrap = 1L << 33;
        for (long second = 0; second < DaySeconds; second += gopSeconds)
        {
            // The first keyframe is the real one at offset 0; the later ones fall past the real head.
            var offset = second == 0 ? 0 : Math.Max(headLength, second * bytesPerSecond) / PacketSize * PacketSize;
            var utcMs = (start.ToUnixTimeSeconds() + second) * 1000;
            writer.Append(new IndexEntry(utcMs, offset, (second * 90_000 + 900_000) % PtsWrap, IndexEntryFlags.None));
            count++;
            if (writer.PendingCount >= 4096)
            {
                writer.Flush();
            }
        }

        return count;
    }
}
