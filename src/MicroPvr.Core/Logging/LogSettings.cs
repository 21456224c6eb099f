using MicroPvr.Core.Configuration;

namespace MicroPvr.Core.Logging;

/// <summary>The log keys of the configuration (compat spec §4), as one immutable snapshot.</summary>
public sealed record LogSettings
{
    public int VerboseLevel { get; init; } = 3;
    public bool Foreground { get; init; }
    /// <summary>Main log file; empty = no file.</summary>
    public string FilePath { get; init; } = "";
    public bool Syslog { get; init; }
    public bool SyslogCritical { get; init; }
    public int SyslogFacility { get; init; } = Configuration.SyslogFacility.Default;
    public string SyslogSocket { get; init; } = "/dev/log";
    /// <summary>Recorder log file (9xxx messages); null when recorder-log-enabled is false.</summary>
    public string? RecorderLogPath { get; init; }

    public static LogSettings From(MicroPvrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LogSettings
        {
            VerboseLevel = options.LogVerboseLevel,
            Foreground = options.LogForeground,
            FilePath = options.LogPath,
            Syslog = options.LogSyslog,
            SyslogCritical = options.LogSyslogCritical,
            SyslogFacility = options.LogFacility is { } f ? Configuration.SyslogFacility.Normalize(f) ?? Configuration.SyslogFacility.Default : Configuration.SyslogFacility.Default,
            SyslogSocket = options.LogSyslogSocket,
            RecorderLogPath = options.RecorderLogEnabled && options.RecorderLogPath.Length > 0 ? options.RecorderLogPath : null,
        };
    }
}
