using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tests.Tasks.Doubles;

/// <summary>
/// An in-memory recording engine the test controls (ARCHITECTURE habit 9): starts succeed, fail
/// or hang on demand, and a running recorder can be made to die.
/// </summary>
internal sealed class FakeRecordingEngine : IRecordingEngine
{
    private readonly Lock _lock = new();
    private readonly Queue<Func<RecordingRequest, CancellationToken, Task<IRecordingHandle>>> _next = new();

    public List<RecordingRequest> Requests { get; } = [];
    public List<FakeHandle> Handles { get; } = [];

    public IReadOnlyList<FakeHandle> Running
    {
        get
        {
            lock (_lock)
            {
                return [.. Handles.Where(h => !h.Completion.IsCompleted)];
            }
        }
    }

    /// <summary>The next <paramref name="count"/> starts throw <paramref name="error"/>.</summary>
    public void FailNext(int count, Exception error)
    {
        for (var i = 0; i < count; i++)
        {
            _next.Enqueue((_, _) => Task.FromException<IRecordingHandle>(error));
        }
    }

    /// <summary>The next start never answers until cancelled (recorder-init-timeout).</summary>
    public void HangNext() => _next.Enqueue((_, ct) => Task.Delay(Timeout.Infinite, ct).ContinueWith<IRecordingHandle>(_ => throw new OperationCanceledException(ct), TaskScheduler.Default));

    public ValueTask<IRecordingHandle> StartAsync(RecordingRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            Requests.Add(request);
            if (_next.TryDequeue(out var behaviour))
            {
                return new ValueTask<IRecordingHandle>(behaviour(request, ct));
            }

            // Like the real engine, a started recorder has created its file.
            File.WriteAllBytes(request.OutputPaths[0], []);
            var handle = new FakeHandle(request);
            Handles.Add(handle);
            return ValueTask.FromResult<IRecordingHandle>(handle);
        }
    }

    internal sealed class FakeHandle(RecordingRequest request) : IRecordingHandle
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RecordingRequest Request { get; } = request;
        public string Path => Request.OutputPaths[0];
        public bool Disposed { get; private set; }
        public Task Completion => _completion.Task;
        public RecordingStatistics Statistics { get; set; } = new();

        public void Die(string reason = "disk write error") => _completion.TrySetException(new IOException(reason));

        public void Fail(Exception error) => _completion.TrySetException(error);

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            _completion.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
