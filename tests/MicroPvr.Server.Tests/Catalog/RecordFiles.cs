using MicroPvr.Core.Recording;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Server.Tests.Catalog;

/// <summary>Writes small record files with a keyframe index, as the recorder leaves them on disk.</summary>
internal static class RecordFiles
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static string Write(string location, int channel, DateTimeOffset start, long taskId, TimeSpan length)
    {
        var path = RecordFilePath.Build(location, channel, start, taskId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[188 * 10]);
        using var index = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path));
        index.Append(new IndexEntry(start.ToUnixTimeMilliseconds(), 0, 0, IndexEntryFlags.None));
        index.Append(new IndexEntry((start + length).ToUnixTimeMilliseconds(), 188 * 5, 90_000, IndexEntryFlags.None));
        return path;
    }
}
