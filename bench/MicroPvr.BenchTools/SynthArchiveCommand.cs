using System.Diagnostics;
using System.Globalization;
using MicroPvr.Catalog.Sqlite;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.BenchTools;

/// <summary>
/// `synth-archive`: a days-deep archive of many channels for the seek and playlist benchmarks,
/// made through the product's own writers so that the daemon reads exactly what a recorder
/// leaves: per channel and day one record file named by compat spec §2, its keyframe index
/// written by <see cref="KeyframeIndexWriter"/> (a keyframe every GOP, byte offsets at the given
/// bitrate), and its catalog row through <see cref="SqliteCatalog"/>. The .ts files are sparse
/// (their length is what the bitrate implies, their blocks are not allocated) and begin with the
/// real bytes of <c>--head</c> (PAT, PMT, a keyframe), so that a week of 50 channels fits on a
/// developer's disk while every index position and file length is what a real archive has.
/// Prints `ARCHIVE from to` (unix seconds) and figure lines.
/// </summary>
public static class SynthArchiveCommand
{
    private const int DaySeconds = 86400;
    private const int PacketSize = 188;

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args);
        var records = Path.GetFullPath(a.Text("records"));
        var dataDir = Path.GetFullPath(a.Text("data-dir"));
        var channels = (int)a.WholeNumber("channels");
        var days = (int)a.WholeNumber("days");
        var gopSeconds = (int)a.WholeNumber("gop-seconds", 2);
        var bytesPerSecond = a.WholeNumber("mbits", 8) * 1_000_000 / 8;
        var head = a.Text("head", "");
        // The archive ends at the last whole hour, so that every request inside it is in the past.
        var end = a.WholeNumber("end", DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600);
        var from = end - ((long)days * DaySeconds);
        var headBytes = head.Length > 0 ? await File.ReadAllBytesAsync(head) : [];

        Directory.CreateDirectory(dataDir);
        using var catalog = new SqliteCatalog(
            new SqliteCatalogOptions { DatabasePath = Path.Combine(dataDir, SqliteCatalogOptions.DefaultFileName) },
            NullLogger<SqliteCatalog>.Instance);

        var clock = Stopwatch.StartNew();
        long entries = 0, files = 0;
        for (var channel = 1; channel <= channels; channel++)
        {
            Directory.CreateDirectory(RecordFilePath.ChannelDirectory(records, channel));
            for (var day = 0; day < days; day++)
            {
                var start = DateTimeOffset.FromUnixTimeSeconds(from + ((long)day * DaySeconds));
                var path = RecordFilePath.Build(records, channel, start, taskId: channel);
                var length = bytesPerSecond * DaySeconds;
                WriteSparseRecord(path, headBytes, length);
                entries += WriteIndex(path, start, gopSeconds, bytesPerSecond, headBytes.Length);
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

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ARCHIVE {from} {end}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE synth.files {files} files"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE synth.index_entries {entries} entries"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE synth.index_write_rate {entries / seconds:0} entries/s"));
        return 0;
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
