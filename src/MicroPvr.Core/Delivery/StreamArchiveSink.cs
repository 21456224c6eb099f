using System.Buffers;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Copies ranges through user space into a <see cref="Stream"/>: read into one pooled buffer, write
/// it out. Dispose it to return the buffer.
/// </summary>
public sealed class StreamArchiveSink : IArchiveSink, IDisposable
{
    /// <summary>
    /// Bytes per read and write: whole packets, just under 64 KiB. Larger chunks cost memory per
    /// viewer twice (this buffer and Kestrel's copy of it waiting in the socket pipe) and, above
    /// 85,000 bytes, a large-object-heap buffer whenever the array pool is drained by many
    /// concurrent streams: bench/delivery.sh measured /ts at 1000 connections with 188 KiB chunks
    /// at a twentieth of the 64 KiB rate (docs/performance.md).
    /// </summary>
    public const int ChunkSize = 188 * 348;

    private readonly Stream _output;
    private readonly Func<bool>? _clientGone;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);

    /// <param name="output">Where the bytes go.</param>
    /// <param name="clientGone">
    /// Asked after each write: true ends the stream (<see cref="ClientGoneException"/>). Kestrel
    /// drops writes without an error once its send to a reset connection failed, until it cancels
    /// RequestAborted a thread-pool hop later; this lets the copy stop at the failed send instead.
    /// </param>
    public StreamArchiveSink(Stream output, Func<bool>? clientGone = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _clientGone = clientGone;
    }

    public int MaxRangeBytes => ChunkSize;

    public async ValueTask<int> SendAsync(FileStream file, long offset, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(StreamArchiveSink));
        file.Position = offset;
        var n = await file.ReadAsync(buffer.AsMemory(0, Math.Min(count, buffer.Length)), ct);
        if (n > 0)
        {
            await _output.WriteAsync(buffer.AsMemory(0, n), ct);
            if (_clientGone?.Invoke() == true)
            {
                throw new ClientGoneException();
            }
        }

        return n;
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
