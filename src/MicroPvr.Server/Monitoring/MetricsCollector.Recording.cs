using MicroPvr.Core.Recording;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tasks.Supervision;

namespace MicroPvr.Server.Monitoring;

/// <summary>Ingest (per received source and channel) and task families.</summary>
public sealed partial class MetricsCollector
{
    private static readonly RecordingTaskStatus[] Statuses = Enum.GetValues<RecordingTaskStatus>();

    private static void WriteIngest(PrometheusTextWriter w, IReadOnlyList<IngestSourceStatus> sources)
    {
        // One series per (channel, source): a source shared by two channels (rare) shows under both.
        IngestFamily(w, sources, "micropvr_ingest_bitrate_bits_per_second", MetricType.Gauge, "Bitrate received from the source over the last second, bits/s.", s => s.BitrateBitsPerSecond);
        IngestFamily(w, sources, "micropvr_ingest_received_bytes_total", MetricType.Counter, "Bytes received from the source since its receive started.", s => s.BytesReceived);
        IngestFamily(w, sources, "micropvr_ingest_packets_total", MetricType.Counter, "MPEG-TS packets received from the source.", s => s.PacketsReceived);
        IngestFamily(w, sources, "micropvr_ingest_continuity_errors_total", MetricType.Counter, "Continuity counter errors (lost or reordered packets, ISO/IEC 13818-1 2.4.3.3).", s => s.ContinuityErrors);
        IngestFamily(w, sources, "micropvr_ingest_transport_errors_total", MetricType.Counter, "Packets with transport_error_indicator set.", s => s.TransportErrors);
        IngestFamily(w, sources, "micropvr_ingest_sync_losses_total", MetricType.Counter, "Times the 0x47 sync byte was lost and searched again.", s => s.SyncLosses);
        IngestFamily(w, sources, "micropvr_ingest_psi_errors_total", MetricType.Counter, "PAT/PMT sections rejected (CRC or syntax).", s => s.PsiErrors);
        IngestFamily(w, sources, "micropvr_ingest_silence_gaps_total", MetricType.Counter, "Times the source sent nothing for source-silence-timeout (a gap in the record).", s => s.SilenceGaps);
        IngestFamily(w, sources, "micropvr_ingest_source_restarts_total", MetricType.Counter, "Reconnects or restarts of the source.", s => s.SourceRestarts);
        IngestFamily(w, sources, "micropvr_ingest_keyframes_total", MetricType.Counter, "Keyframes (random access points) found in the stream.", s => s.Keyframes);
        IngestFamily(w, sources, "micropvr_ingest_silent", MetricType.Gauge, "1 while the source sends nothing (for source-silence-timeout or longer).", s => s.Silent ? 1 : 0);
        IngestFamily(w, sources, "micropvr_ingest_last_packet_timestamp_seconds", MetricType.Gauge, "Unix time of the last data received from the source (0 = none yet).",
            s => s.LastPacketUtc is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : 0);
        w.Family("micropvr_ingest_recordings", MetricType.Gauge, "Recordings (copies) written from one receive of the source.");
        foreach (var source in sources)
        {
            foreach (var channel in source.ChannelIds)
            {
                w.Sample(source.Recordings, ("channel_id", Id(channel)), ("source", source.Url));
            }
        }
    }

    private static void IngestFamily(PrometheusTextWriter w, IReadOnlyList<IngestSourceStatus> sources, string name, MetricType type, string help, Func<RecordingStatistics, double> value)
    {
        w.Family(name, type, help);
        foreach (var source in sources)
        {
            foreach (var channel in source.ChannelIds)
            {
                w.Sample(value(source.Statistics), ("channel_id", Id(channel)), ("source", source.Url));
            }
        }
    }

    private static void WriteTasks(PrometheusTextWriter w, IReadOnlyList<RecordingTask> tasks, IReadOnlyList<TaskRunStatus> runs)
    {
        w.Family("micropvr_tasks", MetricType.Gauge, "Tasks by status (compat spec section 3).");
        foreach (var status in Statuses)
        {
            var count = 0;
            foreach (var t in tasks)
            {
                count += t.Status == status ? 1 : 0;
            }

            w.Sample(count, ("status", StatusName(status)));
        }

        w.Family("micropvr_task_status", MetricType.Gauge, "1 for the status the task is in, 0 for the others.");
        foreach (var t in tasks)
        {
            foreach (var status in Statuses)
            {
                w.Sample(t.Status == status ? 1 : 0, ("task_id", Id(t.Id)), ("channel_id", Id(t.ChannelId)), ("location", t.RecordLocation), ("status", StatusName(status)));
            }
        }

        var written = new Dictionary<long, (int Recorders, long Bytes)>();
        var perChannel = new SortedDictionary<int, int>();
        foreach (var run in runs)
        {
            if (run.Phase != TaskRunPhase.Recording)
            {
                continue;
            }

            var (recorders, bytes) = written.GetValueOrDefault(run.Task.Id);
            written[run.Task.Id] = (recorders + 1, bytes + (run.ReadStatistics()?.BytesWritten ?? 0));
            perChannel[run.Task.ChannelId] = perChannel.GetValueOrDefault(run.Task.ChannelId) + 1;
        }

        w.Family("micropvr_task_recording", MetricType.Gauge, "Recorders writing for the task: 1, 2 during the 80 s hand-over of a daily file, 0 when not recording.");
        foreach (var t in tasks)
        {
            w.Sample(written.GetValueOrDefault(t.Id).Recorders, ("task_id", Id(t.Id)), ("channel_id", Id(t.ChannelId)), ("location", t.RecordLocation));
        }

        w.Family("micropvr_task_written_bytes", MetricType.Gauge, "Bytes written to the file(s) the task records now (restarts at every new file).");
        foreach (var t in tasks)
        {
            w.Sample(written.GetValueOrDefault(t.Id).Bytes, ("task_id", Id(t.Id)), ("channel_id", Id(t.ChannelId)), ("location", t.RecordLocation));
        }

        w.Family("micropvr_channel_recordings", MetricType.Gauge, "Recorders writing the channel (one per record location, two during a hand-over).");
        foreach (var t in tasks)
        {
            perChannel.TryAdd(t.ChannelId, 0);
        }

        foreach (var (channel, count) in perChannel)
        {
            w.Sample(count, ("channel_id", Id(channel)));
        }
    }

    private static string StatusName(RecordingTaskStatus status) => status.ToString().ToUpperInvariant();
}
