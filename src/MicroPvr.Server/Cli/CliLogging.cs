using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace MicroPvr.Server.Cli;

/// <summary>Console logging for the standalone subcommands: one line per message, on stderr, with the event id (the 4-digit code).</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create(LogLevel minimum = LogLevel.Information) =>
        LoggerFactory.Create(b => b
            .SetMinimumLevel(minimum)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
                o.UseUtcTimestamp = true;
            })
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
