using MicroPvr.Core.Ingest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Core.Recording;

/// <summary>
/// Starts and stops recordings. All recordings of one source URL share one <see cref="IngestHub"/>
/// (one receive, N writers; issue 3 "the source is received once and written to every location"),
/// reference-counted: the source stops when its last recording stops.
/// </summary>
public sealed class RecordingEngine : IRecordingEngine, IAsyncDisposable
{
    private readonly StreamSourceFactory _sources;
    private readonly IngestOptions _ingestOptions;
    private readonly RecordWriterOptions _writerOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly Dictionary<string, HubEntry> _hubs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DurableSyncQueue _durableSync;

    public RecordingEngine(StreamSourceFactory sources, IngestOptions? ingestOptions = null, RecordWriterOptions? writerOptions = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        _sources = sources;
        _ingestOptions = ingestOptions ?? new IngestOptions();
        _writerOptions = writerOptions ?? new RecordWriterOptions();
        _time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _durableSync = new DurableSyncQueue(_loggers.CreateLogger<DurableSyncQueue>());
    }

    /// <summary>Sources currently received (for tests and the state log).</summary>
    public int ActiveSources
    {
        get
        {
            _gate.Wait();
            try
            {
                return _hubs.Count;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Every source received right now with its live statistics (for /metrics), by URL.</summary>
    public async ValueTask<IReadOnlyList<IngestSourceStatus>> GetSourcesAsync(CancellationToken ct = default)
    {
        var list = new List<IngestSourceStatus>();
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            foreach (var (url, entry) in _hubs)
            {
                var channels = new List<int>(entry.Channels.Keys);
                channels.Sort();
                list.Add(new IngestSourceStatus(url, channels, entry.References, entry.Hub.GetStatistics(null)));
            }
        }
        finally
        {
            _gate.Release();
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Url, b.Url));
        return list;
    }

    /// <summary>Starts writing every output path of the request. Throws <see cref="InvalidSourceUrlException"/> (logged 9004) or an I/O exception when a file cannot be created.</summary>
    public async ValueTask<IRecordingHandle> StartAsync(RecordingRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var key = request.StreamSource.Trim();
            if (!_hubs.TryGetValue(key, out var entry))
            {
                var source = _sources.Create(key);
                var hub = new IngestHub(source, _ingestOptions, _time, _loggers.CreateLogger<IngestHub>());
                entry = new HubEntry(hub);
                _hubs.Add(key, entry);
                hub.Start();
            }

            var writers = new List<RecordWriter>(request.OutputPaths.Count);
            try
            {
                foreach (var path in request.OutputPaths)
                {
                    writers.Add(new RecordWriter(path, key, entry.Hub.PsiPids, _writerOptions, _time, _loggers.CreateLogger<RecordWriter>(), durableSync: _durableSync));
                }
            }
            catch
            {
                foreach (var w in writers)
                {
                    w.Dispose();
                }

                await ReleaseHubAsync(key, entry, addRef: false).ConfigureAwait(false);
                throw;
            }

            entry.References++;
            entry.Channels[request.ChannelId] = entry.Channels.GetValueOrDefault(request.ChannelId) + 1;
            entry.Hub.Attach(writers);
            return new RecordingHandle(this, entry.Hub, writers, request.ChannelId, _time, _writerOptions.LocationCheckInterval, _loggers.CreateLogger<RecordingHandle>());
        }
        finally
        {
            _gate.Release();
        }
    }

    internal async Task ReleaseAsync(RecordingHandle handle)
    {
        handle.Hub.Detach(handle.Writers);
        handle.Hub.WithLock(() =>
        {
            foreach (var w in handle.Writers)
            {
                w.Dispose();
            }
        });

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var key = handle.Hub.Url.Trim();
            if (_hubs.TryGetValue(key, out var entry) && entry.Hub == handle.Hub)
            {
                entry.References--;
                if (entry.Channels.TryGetValue(handle.ChannelId, out var copies))
                {
                    if (copies <= 1)
                    {
                        entry.Channels.Remove(handle.ChannelId);
                    }
                    else
                    {
                        entry.Channels[handle.ChannelId] = copies - 1;
                    }
                }

                await ReleaseHubAsync(key, entry, addRef: false).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseHubAsync(string key, HubEntry entry, bool addRef)
    {
        if (addRef || entry.References > 0)
        {
            return;
        }

        _hubs.Remove(key);
        await entry.Hub.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var entry in _hubs.Values)
            {
                await entry.Hub.DisposeAsync().ConfigureAwait(false);
            }

            _hubs.Clear();
        }
        finally
        {
            _gate.Release();
        }

        _durableSync.Dispose();
    }

    private sealed class HubEntry(IngestHub hub)
    {
        public IngestHub Hub { get; } = hub;

        public int References { get; set; }

        /// <summary>Channel id → recordings of it on this hub.</summary>
        public Dictionary<int, int> Channels { get; } = [];
    }
}
