using MicroPvr.Core.Configuration;

namespace MicroPvr.Core.Monitoring;

/// <summary>
/// Content-request accounting over the last monitor-request-lifetime seconds (compat spec §5):
/// get_request_counter, get_channel_list's channel_counter, the session part of the load score
/// and /metrics. Requests are kept as a time-ordered queue and expired lazily on every read and
/// write, so memory is bounded by the request rate times the window.
/// </summary>
public sealed class RequestStatistics : IRequestStatistics
{
    /// <summary>A request for a time this close to now counts as near_end (compat spec §5).</summary>
    public static readonly TimeSpan NearEndDistance = TimeSpan.FromSeconds(180);

    private readonly TimeProvider _time;
    private readonly Func<TimeSpan> _window;
    private readonly Queue<RequestRecord> _requests = new();
    private readonly Lock _lock = new();
    private readonly ThroughputMeter _throughput;
    private long _totalRequests;
    private long _totalSuccessful;
    private int _activeSessions;

    public RequestStatistics(TimeProvider time, Func<TimeSpan> window)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(window);
        _time = time;
        _window = window;
        _throughput = new ThroughputMeter(time);
    }

    /// <summary>Window from the running configuration (monitor-request-lifetime).</summary>
    public RequestStatistics(TimeProvider time, Func<MicroPvrOptions> options)
        : this(time, () => TimeSpan.FromSeconds(Math.Max(1, options().MonitorRequestLifetimeSeconds)))
    {
    }

    /// <summary>Streams being served right now (the "current incoming sessions" of compat spec §5).</summary>
    public int ActiveSessions => Volatile.Read(ref _activeSessions);

    public long TotalRequests => Interlocked.Read(ref _totalRequests);

    public long TotalSuccessfulRequests => Interlocked.Read(ref _totalSuccessful);

    public long TotalBytesSent => _throughput.TotalBytes;

    /// <summary>Outgoing bits per second measured over the last seconds.</summary>
    public double OutgoingBitsPerSecond => _throughput.BitsPerSecond();

    /// <summary>Whether a requested archive time counts as near_end (within 180 s of now, compat spec §5).</summary>
    public bool IsNearEnd(DateTimeOffset requested) => (_time.GetUtcNow() - requested).Duration() <= NearEndDistance;

    public void RecordRequest(int channelId, string? aid, bool successful, bool nearEnd)
    {
        Interlocked.Increment(ref _totalRequests);
        if (successful)
        {
            Interlocked.Increment(ref _totalSuccessful);
        }

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            Expire(now);
            _requests.Enqueue(new RequestRecord(now, channelId, string.IsNullOrEmpty(aid) ? null : aid, successful, nearEnd));
        }
    }

    public void AddBytesSent(long bytes) => _throughput.Add(bytes);

    /// <summary>Counts one open stream until the returned scope is disposed.</summary>
    public SessionScope BeginSession()
    {
        Interlocked.Increment(ref _activeSessions);
        return new SessionScope(this);
    }

    public RequestCounters GetCounters()
    {
        int overall = 0, nearEnd = 0, successful = 0;
        lock (_lock)
        {
            Expire(_time.GetUtcNow());
            foreach (var r in _requests)
            {
                overall++;
                nearEnd += r.NearEnd ? 1 : 0;
                successful += r.Successful ? 1 : 0;
            }
        }

        return new RequestCounters(overall, nearEnd, successful);
    }

    public int GetChannelClientCount(int channelId)
    {
        var aids = new HashSet<string>(StringComparer.Ordinal);
        lock (_lock)
        {
            Expire(_time.GetUtcNow());
            foreach (var r in _requests)
            {
                if (r.ChannelId == channelId && r.Aid is not null)
                {
                    aids.Add(r.Aid);
                }
            }
        }

        return aids.Count;
    }

    /// <summary>Content requests per channel in the window (for /metrics).</summary>
    public IReadOnlyDictionary<int, int> GetRequestsPerChannel()
    {
        var result = new Dictionary<int, int>();
        lock (_lock)
        {
            Expire(_time.GetUtcNow());
            foreach (var r in _requests)
            {
                result[r.ChannelId] = result.GetValueOrDefault(r.ChannelId) + 1;
            }
        }

        return result;
    }

    private void Expire(DateTimeOffset now)
    {
        var oldest = now - _window();
        while (_requests.Count > 0 && _requests.Peek().At <= oldest)
        {
            _requests.Dequeue();
        }
    }

    private void EndSession() => Interlocked.Decrement(ref _activeSessions);

    private readonly record struct RequestRecord(DateTimeOffset At, int ChannelId, string? Aid, bool Successful, bool NearEnd);

    /// <summary>Ends one counted session when disposed (exactly once).</summary>
    public sealed class SessionScope : IDisposable
    {
        private RequestStatistics? _owner;

        internal SessionScope(RequestStatistics owner) => _owner = owner;

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.EndSession();
    }
}
