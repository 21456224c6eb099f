using MicroPvr.Core.Catalog;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Catalog.Sqlite.Tests;

internal static class CatalogTestData
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static RecordingTask NewTask(int channel = 3, string location = "/hdd/pvr", int priority = 50) => new()
    {
        ChannelId = channel,
        ChannelName = $"Channel {channel}",
        StreamSource = "udp://@239.1.1.1:1234",
        Start = T0,
        Duration = TimeSpan.FromHours(24),
        Lifetime = TimeSpan.FromDays(7),
        RepeatPeriod = TimeSpan.FromHours(24),
        RecordLocation = location,
        Priority = priority,
    };

    public static RecordFile Record(int channel, DateTimeOffset start, DateTimeOffset? stop, string location = "/hdd/pvr", long taskId = 77, int priority = 50, bool writing = false) => new()
    {
        TaskId = taskId,
        ChannelId = channel,
        Path = $"{location}/ch_{channel}/c{channel}_t{start.ToUnixTimeSeconds()}_{taskId}.ts",
        RecordLocation = location,
        Priority = priority,
        Start = start,
        Stop = stop,
        IsWriting = writing,
        Lifetime = TimeSpan.FromDays(7),
        SizeBytes = 1000,
    };
}
