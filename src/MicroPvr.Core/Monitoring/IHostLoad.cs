namespace MicroPvr.Core.Monitoring;

/// <summary>The host's 1-minute load average (LA1), the CPU part of the load score (compat spec §5).</summary>
public interface IHostLoad
{
    /// <summary>Current LA1, or null when the host cannot tell.</summary>
    double? LoadAverage1();
}
