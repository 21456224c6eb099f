using MicroPvr.Core.Logging;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Tests.Logging;

/// <summary>Coded messages as the areas write them ([LoggerMessage], EventId = the code).</summary>
internal static partial class LogTestSupport
{
    [LoggerMessage(EventId = 6114, Level = LogLevel.Debug, Message = "file size check: {Detail}")]
    public static partial void CheckWritingFilesSizes(ILogger logger, string detail);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Information, Message = "recording started: {Source}")]
    public static partial void LogRecordingStarted(ILogger logger, string source);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "start {Text}")]
    public static partial void LogStart(ILogger logger, string text);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Critical, Message = "recorder died: {Text}")]
    public static partial void LogRecorderDied(ILogger logger, string text);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "task postponed: {Text}")]
    public static partial void LogTaskPostponed(ILogger logger, string text);

    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static void FlushOrFail(this LogWriter writer) =>
        Assert.True(writer.Flush(TimeSpan.FromSeconds(10)), "the log writer did not flush");
}
