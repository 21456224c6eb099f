namespace MicroPvr.Core.Monitoring;

/// <summary>
/// The load score behind the API's is_alive (compat spec §5): three partial scores
/// (outgoing Mbit/s, sessions, 1-minute load average), each (N / N_max) * 10, summed.
/// Implemented by the monitoring/delivery side; the API only reports it.
/// </summary>
public interface ILoadScore
{
    LoadScore GetLoadScore();
}
