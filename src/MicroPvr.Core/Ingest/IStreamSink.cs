namespace MicroPvr.Core.Ingest;

/// <summary>Receives what a <see cref="IStreamSource"/> produces. Called on one thread at a time.</summary>
public interface IStreamSink
{
    /// <summary>
    /// MPEG-TS bytes (not necessarily packet-aligned). <paramref name="data"/> is valid only during
    /// the call. <paramref name="receivedTimestamp"/> is <see cref="TimeProvider.GetTimestamp"/> at reception.
    /// </summary>
    void OnData(ReadOnlySpan<byte> data, long receivedTimestamp);

    /// <summary>Something happened to the source that the recording must mark (docs/sources.md).</summary>
    void OnSourceEvent(StreamSourceEvent sourceEvent);
}
