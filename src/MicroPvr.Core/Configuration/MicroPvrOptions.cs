using System.Text.Json.Serialization;

namespace MicroPvr.Core.Configuration;

/// <summary>
/// Every configuration key of the original (compat spec §4) and our additions (compat spec §10),
/// with their defaults in one place. The JSON names are the contract: never rename them.
/// New keys we add follow the same kebab-case style and are documented in docs/configuration.md.
/// </summary>
public sealed class MicroPvrOptions
{
    [JsonPropertyName("log-foreground")] public bool LogForeground { get; set; }
    [JsonPropertyName("log-syslog")] public bool LogSyslog { get; set; }
    [JsonPropertyName("log-syslog-critical")] public bool LogSyslogCritical { get; set; }
    [JsonPropertyName("log-facility")] public int? LogFacility { get; set; }
    [JsonPropertyName("log-path")] public string LogPath { get; set; } = "/var/log/micropvr/micropvr.log";
    [JsonPropertyName("log-verbose-level")] public int LogVerboseLevel { get; set; } = 3;
    [JsonPropertyName("log-state-period")] public int LogStatePeriodMinutes { get; set; }
    [JsonPropertyName("log-state-path")] public string LogStatePath { get; set; } = "/var/log/micropvr/micropvr_state.log";

    [JsonPropertyName("json-rpc-enabled")] public bool JsonRpcEnabled { get; set; } = true;
    [JsonPropertyName("json-rpc-listen-host")] public string JsonRpcListenHost { get; set; } = "0.0.0.0";
    [JsonPropertyName("json-rpc-listen-port")] public int JsonRpcListenPort { get; set; } = 4089;

    [JsonPropertyName("task-postpone-time")] public int TaskPostponeTimeSeconds { get; set; } = 60;

    [JsonPropertyName("records-checking-period")] public int RecordsCheckingPeriodSeconds { get; set; } = 30;
    [JsonPropertyName("records-removing-period")] public int RecordsRemovingPeriodSeconds { get; set; } = 5;
    [JsonPropertyName("records-min-free-space")] public long RecordsMinFreeSpaceMiB { get; set; } = 10000;
    [JsonPropertyName("records-default-reserve-size")] public long RecordsDefaultReserveSizeMiB { get; set; } = 20480;
    [JsonPropertyName("records-block-active-time")] public int RecordsBlockActiveTimeMinutes { get; set; } = 240;
    [JsonPropertyName("records-default-segment-size")] public int RecordsDefaultSegmentSizeSeconds { get; set; } = 60;
    [JsonPropertyName("records-link-dir")] public string RecordsLinkDir { get; set; } = "/var/pvr_links/";
    [JsonPropertyName("records-remove-on-low-space")] public bool RecordsRemoveOnLowSpace { get; set; }

    [JsonPropertyName("recorder-check-free-space")] public bool RecorderCheckFreeSpace { get; set; }
    [JsonPropertyName("recorder-pid-path")] public string RecorderPidPath { get; set; } = "/var/run/micropvr/";
    [JsonPropertyName("recorder-cmd")] public string RecorderCmd { get; set; } = "recorder";
    [JsonPropertyName("recorder-log-enabled")] public bool RecorderLogEnabled { get; set; }
    [JsonPropertyName("recorder-log-path")] public string RecorderLogPath { get; set; } = "/var/log/micropvr/recorder.log";
    [JsonPropertyName("recorder-init-timeout")] public int RecorderInitTimeoutSeconds { get; set; } = 5;
    [JsonPropertyName("recorder-checking-period")] public int RecorderCheckingPeriodSeconds { get; set; } = 1;

    [JsonPropertyName("monitor-request-lifetime")] public int MonitorRequestLifetimeSeconds { get; set; } = 60;
    [JsonPropertyName("score-max-score")] public double ScoreMaxScore { get; set; } = 20.0;
    [JsonPropertyName("score-max-net-load")] public int ScoreMaxNetLoadMbit { get; set; } = 700;
    [JsonPropertyName("score-max-sessions")] public int ScoreMaxSessions { get; set; } = 10000;
    [JsonPropertyName("score-max-cpu-la1")] public double ScoreMaxCpuLa1 { get; set; } = 1.0;

    // Our additions whose names are fixed (compat spec §10).
    [JsonPropertyName("http-listen-host")] public string HttpListenHost { get; set; } = "0.0.0.0";
    [JsonPropertyName("http-listen-port")] public int HttpListenPort { get; set; } = 8080;
    [JsonPropertyName("data-dir")] public string DataDir { get; set; } = "/var/lib/micropvr";

    // Further additions (documented in docs/configuration.md) go below this line.

    /// <summary>Plain /pvr file requests are answered by the zero-copy fast path (sendfile); false = all by Kestrel.</summary>
    [JsonPropertyName("http-sendfile")] public bool HttpSendfile { get; set; } = true;

    // JSON-RPC hardening and limits (docs/api.md). Allow-list and token are OFF by default so the
    // original's clients keep working unchanged (compat spec §5).
    /// <summary>Client addresses or CIDR networks allowed to use the API; empty = everyone.</summary>
    [JsonPropertyName("json-rpc-allow")] public IList<string> JsonRpcAllow { get; set; } = [];
    /// <summary>Shared secret every request must carry (member "token"); empty = off.</summary>
    [JsonPropertyName("json-rpc-token")] public string JsonRpcToken { get; set; } = "";
    [JsonPropertyName("json-rpc-max-connections")] public int JsonRpcMaxConnections { get; set; } = 1000;
    [JsonPropertyName("json-rpc-max-request-size")] public int JsonRpcMaxRequestSizeKiB { get; set; } = 1024;
    [JsonPropertyName("json-rpc-request-timeout")] public int JsonRpcRequestTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Demo channel (development config): when a source is set, the task manager creates at
    /// start-up a periodic task recording it (one-hour runs kept for a day) unless a task for the
    /// same (channel, location) already exists. A relative `file://` path is resolved against the
    /// folder of the config file (see <see cref="ConfigLoader"/>). Empty = no demo channel.
    /// </summary>
    [JsonPropertyName("demo-channel-source")] public string DemoChannelSource { get; set; } = "";
    [JsonPropertyName("demo-channel-id")] public int DemoChannelId { get; set; } = 1;
    [JsonPropertyName("demo-channel-name")] public string DemoChannelName { get; set; } = "Demo";
    /// <summary>Record location of the demo task; a relative path is resolved against the config file's folder.</summary>
    [JsonPropertyName("demo-channel-location")] public string DemoChannelLocation { get; set; } = "";

    /// <summary>No data from a source for this long (s) is recorded as a gap; HTTP/HLS sources reconnect after it.</summary>
    [JsonPropertyName("source-silence-timeout")] public int SourceSilenceTimeoutSeconds { get; set; } = 5;
    /// <summary>SO_RCVBUF asked for UDP/RTP sources (KiB); the kernel caps it at net.core.rmem_max (compat spec §9, log 9020).</summary>
    [JsonPropertyName("source-receive-buffer")] public int SourceReceiveBufferKiB { get; set; } = 8192;

    /// <summary>Unix datagram socket of the local syslog daemon (compat spec §7 log-syslog).</summary>
    [JsonPropertyName("log-syslog-socket")] public string LogSyslogSocket { get; set; } = "/dev/log";
}
