namespace MicroPvr.Core.Recording;

/// <summary>A running recording of one request: its writers on a shared <see cref="IngestHub"/>.</summary>
internal sealed class RecordingHandle : IRecordingHandle
{
    private readonly RecordingEngine _engine;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    public RecordingHandle(RecordingEngine engine, IngestHub hub, IReadOnlyList<RecordWriter> writers, int channelId)
    {
        ChannelId = channelId;
        _engine = engine;
        Hub = hub;
        Writers = writers;
        hub.Completion.ContinueWith(_ => _completion.TrySetResult(), TaskScheduler.Default);
    }

    public IngestHub Hub { get; }

    public int ChannelId { get; }

    public IReadOnlyList<RecordWriter> Writers { get; }

    public Task Completion => _completion.Task;

    public RecordingStatistics Statistics => Hub.GetStatistics(Writers.Count > 0 ? Writers[0] : null);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _engine.ReleaseAsync(this).ConfigureAwait(false);
        _completion.TrySetResult();
    }
}
