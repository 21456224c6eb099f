using System.Text.RegularExpressions;
using MicroPvr.Core.Logging;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Tests.Logging;

/// <summary>The main log line of compat spec §7, written to a real file.</summary>
public sealed partial class LogLineFormatTests
{
    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 1-3]\d \d\d:\d\d:\d\d \d{4} DEBUG RECORDS MANAGER CheckWritingFilesSizes\[(\d+)\]: \(6114\) file size check: 3 files ok$")]
    private static partial Regex OriginalLine();

    [Fact]
    public void The_formatter_reproduces_the_original_example_exactly()
    {
        var entry = new LogEntry(new DateTimeOffset(2017, 3, 14, 6, 31, 21, TimeSpan.Zero), LogLevel.Debug, 6114, "CheckWritingFilesSizes", "file size check: ...");

        var line = LogLineFormatter.Format(entry, TimeZoneInfo.Utc, 18527);

        Assert.Equal("Tue Mar 14 06:31:21 2017 DEBUG RECORDS MANAGER CheckWritingFilesSizes[18527]: (6114) file size check: ...", line);
    }

    [Fact]
    public void Single_digit_days_are_space_padded_as_ctime_does_and_the_time_is_in_the_given_zone()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC+3", TimeSpan.FromHours(3), "UTC+3", "UTC+3");
        var entry = new LogEntry(new DateTimeOffset(2017, 3, 3, 22, 0, 5, TimeSpan.Zero), LogLevel.Critical, 5113, "Supervise", "x");

        Assert.Equal("Sat Mar  4 01:00:05 2017 CRITICAL RECORDER MANAGER Supervise[7]: (5113) x", LogLineFormatter.Format(entry, zone, 7));
    }

    [Fact]
    public void A_coded_message_lands_in_the_file_in_the_original_format()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("log", "micropvr.log");
        using var writer = new LogWriter(new LogSettings { FilePath = path, VerboseLevel = 4 });
        var logger = new MicroPvrLoggerProvider(writer).CreateLogger("MicroPvr.Core.Storage.StorageManager");

        LogTestSupport.CheckWritingFilesSizes(logger, "3 files ok");
        writer.FlushOrFail();

        var line = Assert.Single(LogTestSupport.ReadShared(path).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var match = OriginalLine().Match(line);
        Assert.True(match.Success, line);
        Assert.Equal(Environment.ProcessId.ToString(), match.Groups[3].Value);
    }

    [Theory]
    [InlineData(0, "CRITICAL")]
    [InlineData(2, "CRITICAL,WARNING")]
    [InlineData(3, "CRITICAL,WARNING,INFO")]
    [InlineData(4, "CRITICAL,WARNING,INFO,DEBUG")]
    public void The_verbose_level_selects_the_levels_written(int verbose, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("m.log");
        using var writer = new LogWriter(new LogSettings { FilePath = path, VerboseLevel = verbose });
        var logger = new MicroPvrLoggerProvider(writer).CreateLogger("MicroPvr.Test");

        LogTestSupport.LogRecorderDied(logger, "a");
        LogTestSupport.LogTaskPostponed(logger, "b");
        LogTestSupport.LogStart(logger, "c");
        LogTestSupport.CheckWritingFilesSizes(logger, "d");
        writer.FlushOrFail();

        var levels = LogTestSupport.ReadShared(path).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5]);
        Assert.Equal(expected, string.Join(',', levels));
    }

    [Fact]
    public void Framework_messages_are_warning_and_above_with_code_1400_and_uncoded_ones_get_1401()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("m.log");
        using var writer = new LogWriter(new LogSettings { FilePath = path, VerboseLevel = 5 });
        var provider = new MicroPvrLoggerProvider(writer);
        var kestrel = provider.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");

        kestrel.LogInformation("noise");
        kestrel.LogWarning("overriding address");
        provider.CreateLogger("MicroPvr.Server.Something").LogInformation("forgot the code");
        writer.FlushOrFail();

        var lines = LogTestSupport.ReadShared(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("WARNING MAIN Kestrel[" + Environment.ProcessId + "]: (1400) overriding address", lines[0]);
        Assert.EndsWith("(1401) forgot the code", lines[1]);
    }

    [Fact]
    public void Recorder_messages_also_go_to_the_recorder_log()
    {
        using var dir = new TempDirectory();
        var main = dir.Combine("micropvr.log");
        var recorder = dir.Combine("recorder.log");
        using var writer = new LogWriter(new LogSettings { FilePath = main, RecorderLogPath = recorder, VerboseLevel = 3 });
        var logger = new MicroPvrLoggerProvider(writer).CreateLogger("MicroPvr.Core.Recording.Recorder");

        LogTestSupport.LogRecordingStarted(logger, "udp://@239.1.1.1:1234");
        LogTestSupport.LogStart(logger, "not a recorder line");
        writer.FlushOrFail();

        var recorderLine = Assert.Single(LogTestSupport.ReadShared(recorder).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("INFO RECORDER RecordingStarted[", recorderLine, StringComparison.Ordinal);
        Assert.Contains("(9012) recording started: udp://@239.1.1.1:1234", recorderLine, StringComparison.Ordinal);
        Assert.Equal(2, LogTestSupport.ReadShared(main).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Reopen_after_logrotate_moved_the_file_writes_a_new_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("micropvr.log");
        using var writer = new LogWriter(new LogSettings { FilePath = path, VerboseLevel = 3 });
        var logger = new MicroPvrLoggerProvider(writer).CreateLogger("MicroPvr.Test");

        LogTestSupport.LogStart(logger, "before");
        writer.FlushOrFail();
        File.Move(path, path + ".1");
        writer.Reopen();
        LogTestSupport.LogStart(logger, "after");
        writer.FlushOrFail();

        Assert.Contains("start before", LogTestSupport.ReadShared(path + ".1"), StringComparison.Ordinal);
        var fresh = LogTestSupport.ReadShared(path);
        Assert.Contains("start after", fresh, StringComparison.Ordinal);
        Assert.DoesNotContain("before", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public void New_settings_apply_without_restart()
    {
        using var dir = new TempDirectory();
        var first = dir.Combine("a.log");
        var second = dir.Combine("b.log");
        using var writer = new LogWriter(new LogSettings { FilePath = first, VerboseLevel = 3 });
        var logger = new MicroPvrLoggerProvider(writer).CreateLogger("MicroPvr.Test");

        LogTestSupport.CheckWritingFilesSizes(logger, "hidden at INFO");
        writer.Apply(new LogSettings { FilePath = second, VerboseLevel = 4 });
        LogTestSupport.CheckWritingFilesSizes(logger, "shown at DEBUG");
        writer.FlushOrFail();

        Assert.False(File.Exists(first) && LogTestSupport.ReadShared(first).Contains("hidden", StringComparison.Ordinal));
        Assert.Contains("shown at DEBUG", LogTestSupport.ReadShared(second), StringComparison.Ordinal);
    }
}
