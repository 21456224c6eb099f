using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Recording;

/// <summary>
/// A running recording of one request: its writers on a shared <see cref="IngestHub"/>. Every
/// <see cref="RecordWriterOptions.LocationCheckInterval"/> it checks that each file it writes can
/// still be reached by its path (<see cref="RecordLocationProbe"/>); when one cannot, the handle
/// completes with a <see cref="RecordLocationException"/> (9019) so the supervisor stops this
/// recording while the other recordings of the same source go on.
/// </summary>
internal sealed partial class RecordingHandle : IRecordingHandle
{
    private readonly RecordingEngine _engine;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer? _locationTimer;
    private int _checking;
    private int _disposed;

    public RecordingHandle(RecordingEngine engine, IngestHub hub, IReadOnlyList<RecordWriter> writers, int channelId, TimeProvider time, TimeSpan locationCheckInterval, ILogger logger)
    {
        ChannelId = channelId;
        _engine = engine;
        _logger = logger;
        Hub = hub;
        Writers = writers;
        hub.Completion.ContinueWith(_ => _completion.TrySetResult(), TaskScheduler.Default);
        if (locationCheckInterval > TimeSpan.Zero)
        {
            _locationTimer = time.CreateTimer(static s => ((RecordingHandle)s!).CheckLocations(), this, locationCheckInterval, locationCheckInterval);
        }
    }

    public IngestHub Hub { get; }

    public int ChannelId { get; }

    public IReadOnlyList<RecordWriter> Writers { get; }

    public Task Completion => _completion.Task;

    public RecordingStatistics Statistics => Hub.GetStatistics(Writers.Count > 0 ? Writers[0] : null);

    /// <summary>One pass of the location check (the timer's callback; public for tests).</summary>
    public void CheckLocations()
    {
        // A slow file system (hung NFS) must not pile up checks, nor check a stopped recording.
        if (Volatile.Read(ref _disposed) != 0 || _completion.Task.IsCompleted || Interlocked.Exchange(ref _checking, 1) != 0)
        {
            return;
        }

        try
        {
            foreach (var writer in Writers)
            {
                if (RecordLocationProbe.CheckFile(writer.Path) is { } reason)
                {
                    Log.LocationLost(_logger, writer.Path, reason);
                    _locationTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    _completion.TrySetException(new RecordLocationException(writer.Path, reason, null));
                    return;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_locationTimer is not null)
        {
            await _locationTimer.DisposeAsync().ConfigureAwait(false);
        }

        await _engine.ReleaseAsync(this).ConfigureAwait(false);
        _completion.TrySetResult();
    }
}
