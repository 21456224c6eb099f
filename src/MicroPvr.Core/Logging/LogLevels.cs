using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Logging;

/// <summary>
/// log-verbose-level (compat spec §4, §7) against Microsoft.Extensions.Logging levels:
/// 0 CRITICAL = Critical, 1 ERROR = Error, 2 WARNING = Warning, 3 INFO = Information,
/// 4 DEBUG = Debug, 5 EXTENDED = Trace; 6 = everything of 5 plus the framework's
/// (Microsoft.*, System.*) Information messages, which are otherwise Warning and above only.
/// </summary>
public static class LogLevels
{
    public const int MaxVerboseLevel = 6;

    /// <summary>The lowest level written at a verbose level (clamped to 0..6).</summary>
    public static LogLevel Threshold(int verboseLevel) => Math.Clamp(verboseLevel, 0, MaxVerboseLevel) switch
    {
        0 => LogLevel.Critical,
        1 => LogLevel.Error,
        2 => LogLevel.Warning,
        3 => LogLevel.Information,
        4 => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    /// <summary>The lowest level of framework messages written at a verbose level.</summary>
    public static LogLevel FrameworkThreshold(int verboseLevel)
    {
        var own = Threshold(verboseLevel);
        var floor = verboseLevel >= MaxVerboseLevel ? LogLevel.Information : LogLevel.Warning;
        return own > floor ? own : floor;
    }

    /// <summary>The level word of the original's log line.</summary>
    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Critical => "CRITICAL",
        LogLevel.Error => "ERROR",
        LogLevel.Warning => "WARNING",
        LogLevel.Information => "INFO",
        LogLevel.Debug => "DEBUG",
        _ => "EXTENDED",
    };

    /// <summary>RFC 3164 §4.1.1 severity: crit 2, err 3, warning 4, info 6, debug 7.</summary>
    public static int SyslogSeverity(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };
}
