namespace MicroPvr.Core.Monitoring;

/// <summary>
/// Request accounting for get_request_counter, get_channel_list, is_alive and /metrics
/// (compat spec §5): counts over the last monitor-request-lifetime seconds.
/// </summary>
public interface IRequestStatistics
{
    /// <summary>Records one content request. nearEnd: the requested time is within 180 s of now.</summary>
    void RecordRequest(int channelId, string? aid, bool successful, bool nearEnd);
    void AddBytesSent(long bytes);
    RequestCounters GetCounters();
    /// <summary>Distinct non-empty aids that requested the channel in the window.</summary>
    int GetChannelClientCount(int channelId);
}

public readonly record struct RequestCounters(int Overall, int NearEnd, int Successful);
