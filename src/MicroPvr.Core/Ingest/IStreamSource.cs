namespace MicroPvr.Core.Ingest;

/// <summary>
/// A live MPEG-TS source (docs/sources.md): receives bytes and hands them to a sink until cancelled.
/// A source reconnects by itself after failures (with back-off) and logs every failure with a 9xxx
/// code; it never throws for stream or network faults, only for cancellation.
/// </summary>
public interface IStreamSource
{
    /// <summary>The source URL, as given in `stream_source`.</summary>
    string Url { get; }

    /// <summary>
    /// Receives until <paramref name="ct"/> is cancelled (or, for a finite source such as a file
    /// without loop, until its end). The sink is called on one thread at a time.
    /// </summary>
    Task RunAsync(IStreamSink sink, CancellationToken ct);
}
