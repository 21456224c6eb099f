using System.Globalization;
using MicroPvr.Core.Ingest;
using MicroPvr.Media.MpegTs.Psi;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Recording;

/// <summary>
/// One receive of one source shared by every recording of it (one socket, N files): runs the
/// source, analyses the stream once (<see cref="KeyframeStager"/>), fans it out to the attached
/// writers, watches for silence (gap) and keeps the live statistics. Calls into the stager and
/// writers are serialised by one lock (the receive thread and the periodic tick).
/// </summary>
internal sealed partial class IngestHub : IStreamSink, IRecordOutput, IAsyncDisposable
{
    private readonly IStreamSource _source;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly KeyframeStager _stager;
    private readonly ReceiveClock _receiveClock;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RecordWriter[] _writers = [];
    private ITimer? _timer;
    private Task _run = Task.CompletedTask;
    private long _lastData;
    private bool _silent;
    private bool _everReceived;
    private long _bytesReceived;
    private long _windowStart;
    private long _windowBytes;
    private double _bitrate;
    private DateTimeOffset? _lastPacketUtc;
    private long _silenceGaps;
    private long _sourceRestarts;

    public IngestHub(IStreamSource source, IngestOptions options, TimeProvider time, ILogger logger)
    {
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
        _receiveClock = new ReceiveClock(time);
        _stager = new KeyframeStager(this, time.TimestampFrequency);
        _stager.PmtChanged += OnPmtChanged;
        _stager.PcrJumped += pcr => Log.PcrJump(_logger, _source.Url, pcr.Pid, pcr.Delta27M);
    }

    public string Url => _source.Url;

    /// <summary>PAT/PMT PIDs, shared with the writers.</summary>
    public bool[] PsiPids => _stager.PsiPids;

    /// <summary>Completes when the source ends by itself (finite file) or fails, or after disposal.</summary>
    public Task Completion => _completion.Task;

    public void Start()
    {
        _lastData = _windowStart = _time.GetTimestamp();
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_options.SilenceTimeout.TotalMilliseconds / 4, 50, 250));
        _timer = _time.CreateTimer(static s => ((IngestHub)s!).Tick(), this, period, period);
        _run = Task.Run(RunSourceAsync);
    }

    public void Attach(IReadOnlyList<RecordWriter> writers)
    {
        lock (_lock)
        {
            _writers = [.. _writers, .. writers];
        }
    }

    public void Detach(IReadOnlyList<RecordWriter> writers)
    {
        lock (_lock)
        {
            var kept = new List<RecordWriter>(_writers.Length);
            foreach (var w in _writers)
            {
                if (!writers.Contains(w))
                {
                    kept.Add(w);
                }
            }

            _writers = [.. kept];
        }
    }

    /// <summary>Runs an action on writers under the hub lock (they are not thread-safe).</summary>
    public void WithLock(Action action)
    {
        lock (_lock)
        {
            action();
        }
    }

    public RecordingStatistics GetStatistics(RecordWriter? writer)
    {
        lock (_lock)
        {
            var demuxer = _stager.Demuxer;
            return new RecordingStatistics
            {
                BytesWritten = writer?.BytesWritten ?? 0,
                PacketsReceived = demuxer.PacketCount,
                ContinuityErrors = demuxer.ContinuityErrors,
                TransportErrors = demuxer.TransportErrors,
                Keyframes = writer?.Keyframes ?? _stager.Keyframes,
                BitrateBitsPerSecond = _bitrate,
                LastPacketUtc = _lastPacketUtc,
                BytesReceived = _bytesReceived,
                SyncLosses = demuxer.SyncLosses,
                PsiErrors = demuxer.PsiErrors,
                SilenceGaps = _silenceGaps,
                SourceRestarts = _sourceRestarts,
                Silent = _silent,
            };
        }
    }

    /// <summary>Bytes received from the source.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    public void OnData(ReadOnlySpan<byte> data, long receivedTimestamp)
    {
        lock (_lock)
        {
            var utcMs = _receiveClock.ToUtcMs(receivedTimestamp, out var stepMs);
            if (stepMs != 0)
            {
                Log.ClockStepped(_logger, stepMs);
            }

            if (_silent)
            {
                Log.Resumed(_logger, Url, _time.GetElapsedTime(_lastData, receivedTimestamp).TotalSeconds);
                _silent = false;
            }

            _everReceived = true;
            _lastData = receivedTimestamp;
            _lastPacketUtc = DateTimeOffset.FromUnixTimeMilliseconds((long)utcMs);
            _bytesReceived += data.Length;
            _windowBytes += data.Length;
            _stager.Push(data, receivedTimestamp, utcMs);
        }
    }

    public void OnSourceEvent(StreamSourceEvent sourceEvent)
    {
        lock (_lock)
        {
            switch (sourceEvent)
            {
                case StreamSourceEvent.Restarted:
                    _sourceRestarts++;
                    _stager.MarkNextKeyframe(IndexEntryFlags.Discontinuity);
                    break;
                case StreamSourceEvent.Silence:
                    _stager.MarkNextKeyframe(IndexEntryFlags.Gap);
                    break;
            }
        }
    }

    void IRecordOutput.WritePackets(ReadOnlySpan<byte> packets)
    {
        foreach (var w in _writers)
        {
            w.WritePackets(packets);
        }
    }

    void IRecordOutput.WriteKeyframe(in KeyframeMark mark, ReadOnlySpan<byte> psi, ReadOnlySpan<byte> packets)
    {
        foreach (var w in _writers)
        {
            w.WriteKeyframe(mark, psi, packets);
        }
    }

    private void Tick()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var window = _time.GetElapsedTime(_windowStart, now);
            if (window >= TimeSpan.FromSeconds(1))
            {
                _bitrate = _windowBytes * 8 / window.TotalSeconds;
                _windowBytes = 0;
                _windowStart = now;
            }

            var quiet = _time.GetElapsedTime(_lastData, now);
            if (!_silent && quiet >= _options.SilenceTimeout)
            {
                _silent = true;
                if (_everReceived)
                {
                    _silenceGaps++;
                    Log.Silence(_logger, Url, quiet.TotalSeconds);
                    _stager.MarkNextKeyframe(IndexEntryFlags.Gap | IndexEntryFlags.Discontinuity);
                }
            }

            foreach (var w in _writers)
            {
                w.Tick();
            }
        }
    }

    private void OnPmtChanged(ProgramMap pmt)
    {
        var streams = new List<string>(pmt.Streams.Count);
        foreach (var s in pmt.Streams)
        {
            streams.Add(string.Create(CultureInfo.InvariantCulture, $"0x{s.Pid:X} {s.CodecName}"));
        }

        Log.PmtChanged(_logger, Url, pmt.ProgramNumber, pmt.Version, string.Join(", ", streams));
    }

    private async Task RunSourceAsync()
    {
        try
        {
            await _source.RunAsync(this, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A bug in a source must not take the daemon down; the supervisor sees Completion.
            Log.SourceFailed(_logger, Url, e.Message);
        }
        finally
        {
            lock (_lock)
            {
                _stager.Complete();
            }

            _completion.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _completion.TrySetResult();
    }
}
