using System.Globalization;

namespace MicroPvr.Core.Configuration;

/// <summary>
/// Range rules of the configuration keys (compat spec §4, §10). Each rule names its key so that
/// check-config can print it and the lenient loader can put that one key back to its default.
/// </summary>
public static class ConfigValidator
{
    private sealed record Rule(string Key, Func<MicroPvrOptions, string?> Check);

    private static readonly Rule[] Rules =
    [
        new("log-verbose-level", o => Between(o.LogVerboseLevel, 0, 6)),
        new("log-facility", o => o.LogFacility is { } f && SyslogFacility.Normalize(f) is null
            ? $"must be a syslog facility number 0..23 (or the LOG_* constant, facility * 8), got {f}" : null),
        new("log-state-period", o => AtLeast(o.LogStatePeriodMinutes, 0)),
        new("log-state-path", o => o.LogStatePeriodMinutes > 0 && o.LogStatePath.Length == 0 ? "must be set when log-state-period > 0" : null),
        new("log-syslog-socket", o => NotEmpty(o.LogSyslogSocket)),
        new("json-rpc-listen-host", o => NotEmpty(o.JsonRpcListenHost)),
        new("json-rpc-listen-port", o => Between(o.JsonRpcListenPort, 1, 65535)),
        new("json-rpc-max-connections", o => AtLeast(o.JsonRpcMaxConnections, 1)),
        new("json-rpc-max-request-size", o => AtLeast(o.JsonRpcMaxRequestSizeKiB, 1)),
        new("json-rpc-request-timeout", o => AtLeast(o.JsonRpcRequestTimeoutSeconds, 1)),
        new("task-postpone-time", o => AtLeast(o.TaskPostponeTimeSeconds, 1)),
        new("records-checking-period", o => AtLeast(o.RecordsCheckingPeriodSeconds, 1)),
        new("records-removing-period", o => AtLeast(o.RecordsRemovingPeriodSeconds, 1)),
        new("records-min-free-space", o => AtLeast(o.RecordsMinFreeSpaceMiB, 0)),
        new("records-default-reserve-size", o => AtLeast(o.RecordsDefaultReserveSizeMiB, 0)),
        new("records-block-active-time", o => AtLeast(o.RecordsBlockActiveTimeMinutes, 0)),
        // compat spec §4: the segment size is "not below records-checking-period".
        new("records-default-segment-size", o => o.RecordsDefaultSegmentSizeSeconds < 1 ? AtLeast(o.RecordsDefaultSegmentSizeSeconds, 1)
            : o.RecordsDefaultSegmentSizeSeconds < o.RecordsCheckingPeriodSeconds
                ? $"must not be below records-checking-period ({o.RecordsCheckingPeriodSeconds}), got {o.RecordsDefaultSegmentSizeSeconds}" : null),
        new("recorder-init-timeout", o => AtLeast(o.RecorderInitTimeoutSeconds, 1)),
        new("recorder-checking-period", o => AtLeast(o.RecorderCheckingPeriodSeconds, 1)),
        new("monitor-request-lifetime", o => AtLeast(o.MonitorRequestLifetimeSeconds, 1)),
        new("score-max-score", o => o.ScoreMaxScore > 0 ? null : $"must be > 0, got {Num(o.ScoreMaxScore)}"),
        new("score-max-net-load", o => Ceiling(o.ScoreMaxNetLoadMbit)),
        new("score-max-sessions", o => Ceiling(o.ScoreMaxSessions)),
        new("score-max-cpu-la1", o => o.ScoreMaxCpuLa1 > 0 || o.ScoreMaxCpuLa1 == -1 ? null : $"must be > 0 or -1 (not counted), got {Num(o.ScoreMaxCpuLa1)}"),
        new("source-silence-timeout", o => AtLeast(o.SourceSilenceTimeoutSeconds, 1)),
        new("source-receive-buffer", o => AtLeast(o.SourceReceiveBufferKiB, 64)),
        new("http-listen-host", o => NotEmpty(o.HttpListenHost)),
        new("http-listen-port", o => Between(o.HttpListenPort, 1, 65535)),
        new("data-dir", o => NotEmpty(o.DataDir)),
        new("demo-channel-id", o => o.DemoChannelSource.Length > 0 ? AtLeast(o.DemoChannelId, 1) : null),
        new("demo-channel-location", o => o.DemoChannelSource.Length > 0 && o.DemoChannelLocation.Length == 0
            ? "must be set when demo-channel-source is set" : null),
    ];

    /// <summary>Every range problem of the options, one per key.</summary>
    public static IReadOnlyList<ConfigIssue> Validate(MicroPvrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issues = new List<ConfigIssue>();
        foreach (var rule in Rules)
        {
            if (rule.Check(options) is { } message)
            {
                issues.Add(new ConfigIssue(ConfigIssueKind.OutOfRange, rule.Key, message));
            }
        }
        return issues;
    }

    private static string? Between(long value, long min, long max) =>
        value < min || value > max ? $"must be between {min} and {max}, got {value}" : null;

    private static string? AtLeast(long value, long min) => value < min ? $"must be >= {min}, got {value}" : null;

    private static string? Ceiling(long value) => value > 0 || value == -1 ? null : $"must be > 0 or -1 (not counted), got {value}";

    private static string? NotEmpty(string value) => string.IsNullOrWhiteSpace(value) ? "must not be empty" : null;

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);
}
