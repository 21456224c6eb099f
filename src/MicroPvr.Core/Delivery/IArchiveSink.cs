namespace MicroPvr.Core.Delivery;

/// <summary>
/// How an archive stream leaves the process: <see cref="ArchiveStreamer"/> decides which byte
/// ranges of which record files make the stream (seams, live edge, end time, a deleted record)
/// and hands each range here. <see cref="StreamArchiveSink"/> copies through a <see cref="Stream"/>
/// (Kestrel's response body); the zero-copy fast path sends the range with sendfile(2).
/// </summary>
public interface IArchiveSink
{
    /// <summary>Largest range the streamer hands over at once (whole packets).</summary>
    int MaxRangeBytes { get; }

    /// <summary>
    /// Sends [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>) of
    /// <paramref name="file"/> (opened for asynchronous reads). Returns the bytes sent: fewer than
    /// asked (0 included) only when the file ends before the range does (truncated under us).
    /// Throws when the client is gone.
    /// </summary>
    ValueTask<int> SendAsync(FileStream file, long offset, int count, CancellationToken ct);
}
