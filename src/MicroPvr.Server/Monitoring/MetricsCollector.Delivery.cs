using MicroPvr.Core.Monitoring;

namespace MicroPvr.Server.Monitoring;

/// <summary>Delivery accounting and the load score (compat spec section 5).</summary>
public sealed partial class MetricsCollector
{
    private static void WriteDelivery(PrometheusTextWriter w, RequestStatistics s)
    {
        w.Family("micropvr_delivery_sent_bytes_total", MetricType.Counter, "Content bytes sent to clients (all delivery URLs).");
        w.Sample(s.TotalBytesSent);
        w.Family("micropvr_delivery_outgoing_bits_per_second", MetricType.Gauge, "Content sent over the last 10 complete seconds, bits/s (the net part of the load score).");
        w.Sample(s.OutgoingBitsPerSecond);

        var traffic = s.GetChannelTraffic();
        w.Family("micropvr_channel_sent_bytes_total", MetricType.Counter, "Content bytes sent for the channel.");
        foreach (var c in traffic)
        {
            w.Sample(c.BytesSent, ("channel_id", Id(c.ChannelId)));
        }

        w.Family("micropvr_channel_sessions_total", MetricType.Counter, "Delivery sessions opened for the channel.");
        foreach (var c in traffic)
        {
            w.Sample(c.Sessions, ("channel_id", Id(c.ChannelId)));
        }

        w.Family("micropvr_content_requests_total", MetricType.Counter, "Content requests since start (compat spec section 5), served or not.");
        w.Sample(s.TotalRequests);
        w.Family("micropvr_content_requests_successful_total", MetricType.Counter, "Content requests since start that were served.");
        w.Sample(s.TotalSuccessfulRequests);

        var window = s.GetCounters();
        w.Family("micropvr_content_requests_window", MetricType.Gauge, "get_request_counter: content requests in the last monitor-request-lifetime seconds.");
        w.Sample(window.Overall, ("kind", "overall"));
        w.Sample(window.NearEnd, ("kind", "near_end"));
        w.Sample(window.Successful, ("kind", "successful"));

        var perChannel = s.GetRequestsPerChannel();
        var channels = new SortedSet<int>(perChannel.Keys);
        w.Family("micropvr_channel_requests_window", MetricType.Gauge, "Content requests for the channel in the monitor window.");
        foreach (var c in channels)
        {
            w.Sample(perChannel[c], ("channel_id", Id(c)));
        }

        w.Family("micropvr_channel_clients_window", MetricType.Gauge, "get_channel_list channel_counter: distinct non-empty aids that requested the channel in the window.");
        foreach (var c in channels)
        {
            w.Sample(s.GetChannelClientCount(c), ("channel_id", Id(c)));
        }

        w.Family("micropvr_sessions_active", MetricType.Gauge, "Content responses being sent right now.");
        w.Sample(s.ActiveSessions);
        w.Family("micropvr_sessions_total", MetricType.Counter, "Content responses ever opened.");
        w.Sample(s.TotalSessions);
    }

    private static void WriteLoadScore(PrometheusTextWriter w, LoadScore score)
    {
        w.Family("micropvr_alive", MetricType.Gauge, "is_alive as a number: 1 true, 0 false.");
        w.Sample(score.IsAlive ? 1 : 0);
        w.Family("micropvr_load_score", MetricType.Gauge, "is_alive score: the sum of the three partial scores.");
        w.Sample(score.Score);
        w.Family("micropvr_load_score_partial", MetricType.Gauge, "Partial scores (N / N_max) * 10; 0 when the ceiling is -1.");
        w.Sample(score.NetScore, ("part", "net"));
        w.Sample(score.SessionScore, ("part", "sessions"));
        w.Sample(score.CpuScore, ("part", "cpu"));
        w.Family("micropvr_session_count", MetricType.Gauge, "is_alive session_count: max(content responses being sent, content requests in the window).");
        w.Sample(score.SessionCount);
        w.Family("micropvr_load_average1", MetricType.Gauge, "The host's 1-minute load average as scored (0 when unknown).");
        w.Sample(score.LoadAverage1);
    }
}
