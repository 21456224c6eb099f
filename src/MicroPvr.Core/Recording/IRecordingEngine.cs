namespace MicroPvr.Core.Recording;

/// <summary>
/// Starts recorders. The task supervisor calls it; the engine shares one ingest per source URL
/// among all recordings of that source (one receive, N writes).
/// </summary>
public interface IRecordingEngine
{
    /// <summary>
    /// Starts receiving and writing. Returns once the recorder is running (or throws when the
    /// source URL is invalid). Writing stops when the handle is disposed.
    /// </summary>
    ValueTask<IRecordingHandle> StartAsync(RecordingRequest request, CancellationToken ct);
}

/// <summary>A running recording. Dispose to stop: files and indexes are flushed and closed.</summary>
public interface IRecordingHandle : IAsyncDisposable
{
    /// <summary>Completes when the recorder stops by itself (fatal error) or after disposal.</summary>
    Task Completion { get; }
    /// <summary>Live statistics of the source (bitrate, errors, keyframes).</summary>
    RecordingStatistics Statistics { get; }
}
