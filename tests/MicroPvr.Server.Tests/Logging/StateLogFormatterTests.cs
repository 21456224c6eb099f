using MicroPvr.Core.Logging.State;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;

namespace MicroPvr.Server.Tests.Logging;

/// <summary>The state log block of compat spec §7 from fixed inputs.</summary>
public sealed class StateLogFormatterTests
{
    private static readonly TimeZoneInfo Plus3 = TimeZoneInfo.CreateCustomTimeZone("UTC+3", TimeSpan.FromHours(3), "UTC+3", "UTC+3");

    [Fact]
    public void Header_tasks_and_mount_points_are_laid_out_in_the_servers_time_zone()
    {
        var start = new DateTimeOffset(2017, 6, 23, 7, 38, 40, TimeSpan.Zero);
        var snapshot = new StateSnapshot
        {
            Time = new DateTimeOffset(2017, 6, 23, 9, 0, 5, TimeSpan.Zero),
            Memory = new MemoryInfo(1000, 2000, 30, 40),
            LoadAverage1 = 0.5,
            Requests = new RequestCounters(120, 3, 90),
            RequestWindowSeconds = 60,
            Tasks =
            [
                new RecordingTask
                {
                    Id = 77, ChannelId = 3, ChannelName = "News", StreamSource = "udp://@239.1.1.1:1234",
                    Start = start, Duration = TimeSpan.FromSeconds(86400), Lifetime = TimeSpan.FromDays(7),
                    RepeatPeriod = TimeSpan.FromSeconds(86400), RecordLocation = "/hdd/pvr", Priority = 50,
                    Status = RecordingTaskStatus.Started,
                },
                new RecordingTask
                {
                    Id = 78, ChannelId = 12, StreamSource = "rtp://@239.1.1.2:5000",
                    Start = start, Duration = TimeSpan.FromSeconds(3600), Lifetime = TimeSpan.Zero,
                    RecordLocation = "/ssd/pvr", Priority = 1, Status = RecordingTaskStatus.Postponed,
                },
            ],
            MountPoints = [new MountPointInfo("/hdd", 500000, 20480, 479520, ["/hdd/pvr"])],
        };

        var text = StateLogFormatter.Format(snapshot, Plus3);

        const string expected = """
            Log OK: 23/06 12:00:05
            Mem used: 1000 KiB, mem free: 2000 KiB
            Swap used: 30 KiB, swap free: 40 KiB
            CPU LA1: 0.5
            Content requests: 120 requests in 60 seconds, 2.0 per second
            Successful requests: 90 requests in 60 seconds, 1.5 per second

            ____________________________________________________________________________________________________________________________________________________________
            | CID | CHANNEL NAME | SOURCE                | START TIME          | STOP TIME           | LOCK TIME           | REPEAT     | LOCATION | PRIOR | STATUS    |
            ------------------------------------------------------------------------------------------------------------------------------------------------------------
            | 3   | News         | udp://@239.1.1.1:1234 | 23/06/2017 10:38:40 | 24/06/2017 10:38:40 | 01/07/2017 10:38:40 | 86400 secs | /hdd/pvr | 50    | STARTED   |
            | 12  |              | rtp://@239.1.1.2:5000 | 23/06/2017 10:38:40 | 23/06/2017 11:38:40 | 23/06/2017 11:38:40 | no repeat  | /ssd/pvr | 1     | POSTPONED |
            ------------------------------------------------------------------------------------------------------------------------------------------------------------

            ____________________________________________
            | PATH | FREE SPACE | RESERVED | AVAILABLE |
            --------------------------------------------
            | /hdd | 500000     | 20480    | 479520    |
            --------------------------------------------

            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), text);
    }

    [Fact]
    public void Missing_sources_are_shown_as_not_available()
    {
        var text = StateLogFormatter.Format(new StateSnapshot { Time = DateTimeOffset.UnixEpoch }, TimeZoneInfo.Utc);

        Assert.Equal("Log OK: 01/01 00:00:00\nMem used: n/a\nSwap used: n/a\nCPU LA1: n/a\nContent requests: n/a\nSuccessful requests: n/a\n\nTasks: n/a\n\nMount points: n/a\n", text);
    }

    [Fact]
    public void The_previous_run_of_a_periodic_task_shows_repeated_once_its_next_run_exists()
    {
        var day = TimeSpan.FromDays(1);
        var next = new RecordingTask
        {
            Id = 5, ChannelId = 3, ChannelName = "News", StreamSource = "udp://@239.1.1.1:1234",
            Start = new DateTimeOffset(2017, 6, 24, 7, 37, 20, TimeSpan.Zero), Stop = new DateTimeOffset(2017, 6, 25, 7, 37, 20, TimeSpan.Zero),
            Duration = day, Lifetime = day, RepeatPeriod = day, RecordLocation = "/hdd/pvr", Status = RecordingTaskStatus.Started,
        };
        var previous = next with { Start = next.Start - day + TimeSpan.FromSeconds(80), Stop = next.Start + TimeSpan.FromSeconds(80) };
        var snapshot = new StateSnapshot { Time = next.Start.AddSeconds(30), Tasks = [next], FinishingRuns = [previous], MountPoints = [] };

        var rows = StateLogFormatter.Format(snapshot, TimeZoneInfo.Utc).Split('\n').Where(l => l.StartsWith("| 3 ", StringComparison.Ordinal)).ToArray();

        Assert.Equal(2, rows.Length);
        Assert.Contains("| 23/06/2017 07:38:40 | 24/06/2017 07:38:40 | 25/06/2017 07:38:40 | repeated   |", rows[0], StringComparison.Ordinal);
        Assert.Contains("| 24/06/2017 07:37:20 | 25/06/2017 07:37:20 | 26/06/2017 07:37:20 | 86400 secs |", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Meminfo_is_parsed_into_used_and_free_kib()
    {
        const string meminfo = "MemTotal:       16318084 kB\nMemFree:         1000000 kB\nMemAvailable:    6318084 kB\nBuffers:  1 kB\nSwapTotal:       2097148 kB\nSwapFree:        2000000 kB\n";

        var info = MemoryInfo.Parse(meminfo);

        Assert.Equal(new MemoryInfo(10000000, 6318084, 97148, 2000000), info);
        Assert.Null(MemoryInfo.Parse("garbage"));
    }
}
