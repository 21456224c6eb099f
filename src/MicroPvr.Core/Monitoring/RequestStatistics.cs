using System.Collections.Concurrent;
using MicroPvr.Core.Configuration;

namespace MicroPvr.Core.Monitoring;

/// <summary>
/// Content-request accounting over the last monitor-request-lifetime seconds (compat spec §5):
/// get_request_counter, get_channel_list's channel_counter, the session part of the load score
/// and /metrics. Requests are kept as a time-ordered queue and expired lazily on every read and
/// write, so memory is bounded by the request rate times the window.
/// <para>
/// Delivery code accounts a content URL with ONE call when it knows the answer and one call per
/// write (docs/monitoring.md "Accounting API"): <see cref="BeginContentRequest"/> for a request
/// that is served (counted, session opened, bytes through <see cref="DeliverySession.AddBytes"/>
/// or <see cref="DeliverySession.Wrap"/>), <see cref="RecordRequest"/> with successful = false for
/// one that is refused (404/416), and <see cref="BeginTransfer"/> for follow-up transfers that the
/// original does not count as content requests (direct file access, playlist segments).
/// </para>
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
    private long _totalSessions;
    private readonly ConcurrentDictionary<int, ChannelTraffic> _channels = new();

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

    /// <summary>
    /// A content request that is being served (compat spec §5): counted as successful (near_end
    /// when <paramref name="requestedTime"/> is within 180 s of now; null = live edge, near end),
    /// its aid counted for the channel, and a session opened until the result is disposed.
    /// </summary>
    public DeliverySession BeginContentRequest(int channelId, string? aid, DateTimeOffset? requestedTime)
    {
        RecordRequest(channelId, aid, successful: true, nearEnd: requestedTime is not { } t || IsNearEnd(t));
        return OpenSession(channelId);
    }

    /// <summary>
    /// A transfer that is not a content request of its own (direct file access, a playlist
    /// segment): a session and bytes, no request count. <paramref name="channelId"/> null = unknown.
    /// </summary>
    public DeliverySession BeginTransfer(int? channelId) => OpenSession(channelId);

    /// <summary>Sessions ever opened (content requests and transfers).</summary>
    public long TotalSessions => Interlocked.Read(ref _totalSessions);

    /// <summary>Bytes served and sessions per channel since start (channels that were served at least once).</summary>
    public IReadOnlyList<ChannelTraffic> GetChannelTraffic()
    {
        var list = new List<ChannelTraffic>(_channels.Values);
        list.Sort(static (a, b) => a.ChannelId.CompareTo(b.ChannelId));
        return list;
    }

    private DeliverySession OpenSession(int? channelId)
    {
        ChannelTraffic? channel = null;
        if (channelId is { } id)
        {
            channel = _channels.GetOrAdd(id, static key => new ChannelTraffic(key));
            channel.AddSession();
        }

        Interlocked.Increment(ref _totalSessions);
        Interlocked.Increment(ref _activeSessions);
        return new DeliverySession(this, channelId, channel);
    }

    /// <summary>Counts one open stream until the returned scope is disposed.</summary>
    public SessionScope BeginSession()
    {
        Interlocked.Increment(ref _totalSessions);
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

    internal void EndSession() => Interlocked.Decrement(ref _activeSessions);

    private readonly record struct RequestRecord(DateTimeOffset At, int ChannelId, string? Aid, bool Successful, bool NearEnd);

    /// <summary>Ends one counted session when disposed (exactly once).</summary>
    public sealed class SessionScope : IDisposable
    {
        private RequestStatistics? _owner;

        internal SessionScope(RequestStatistics owner) => _owner = owner;

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.EndSession();
    }
}
