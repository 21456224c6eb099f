namespace MicroPvr.Server.Monitoring;

/// <summary>The two Prometheus metric types we expose.</summary>
public enum MetricType
{
    /// <summary>Only goes up (resets to 0 when the process or the source restarts).</summary>
    Counter,
    /// <summary>Goes up and down.</summary>
    Gauge,
}
