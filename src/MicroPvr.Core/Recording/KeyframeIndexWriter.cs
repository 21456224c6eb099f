namespace MicroPvr.Core.Recording;

/// <summary>
/// Appends entries to a keyframe index sidecar (docs/recording-format.md). Entries are buffered in
/// memory by <see cref="Append"/> and written by <see cref="Flush"/>; a failed flush keeps them and
/// the next flush rewrites them at the same position, so a partial write is overwritten rather
/// than left behind. Opening an existing index truncates any torn or corrupt tail first.
/// Not thread-safe: one recorder owns one writer.
/// </summary>
public sealed class KeyframeIndexWriter : IDisposable
{
    private readonly FileStream _stream;
    private byte[] _pending = new byte[KeyframeIndexFormat.EntrySize * 64];
    private int _pendingBytes;
    private long _committedLength;
    private IndexEntry? _lastCommitted;
    private bool _disposed;

    private KeyframeIndexWriter(string path, FileStream stream, long committedLength, int count, IndexEntry? last, long truncatedBytes)
    {
        Path = path;
        _stream = stream;
        _committedLength = committedLength;
        Count = count;
        Last = last;
        _lastCommitted = last;
        TruncatedBytes = truncatedBytes;
    }

    /// <summary>The sidecar path.</summary>
    public string Path { get; }

    /// <summary>Entries in the index, written or pending.</summary>
    public int Count { get; private set; }

    /// <summary>Entries appended but not yet written by a successful <see cref="Flush"/>.</summary>
    public int PendingCount => _pendingBytes / KeyframeIndexFormat.EntrySize;

    /// <summary>The most recent entry (written or pending), if any.</summary>
    public IndexEntry? Last { get; private set; }

    /// <summary>Bytes of torn or corrupt tail removed when an existing index was opened.</summary>
    public long TruncatedBytes { get; }

    /// <summary>The sidecar's handle, for a durable flush from another thread (fsync only; writes stay here).</summary>
    internal Microsoft.Win32.SafeHandles.SafeFileHandle Handle => _stream.SafeFileHandle;

    /// <summary>
    /// Opens the index at <paramref name="path"/> for appending, creating it with a header when it
    /// does not exist. An existing index keeps its valid entries; whatever follows the first torn,
    /// corrupt or out-of-order entry is cut off. A file with a foreign or broken header is started
    /// afresh (the index can always be rebuilt from the .ts file: `micropvr reindex`).
    /// </summary>
    public static KeyframeIndexWriter Open(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 4096, FileOptions.None);
        try
        {
            var scan = KeyframeIndexScan.Run(stream);
            long truncated;
            if (!scan.HeaderValid)
            {
                truncated = stream.Length;
                stream.SetLength(0);
                Span<byte> header = stackalloc byte[KeyframeIndexFormat.HeaderSize];
                KeyframeIndexFormat.WriteHeader(header);
                stream.Position = 0;
                stream.Write(header);
                stream.Flush(flushToDisk: true);
                return new KeyframeIndexWriter(path, stream, KeyframeIndexFormat.HeaderSize, 0, null, truncated);
            }

            truncated = stream.Length - scan.ValidLength;
            if (truncated > 0)
            {
                stream.SetLength(scan.ValidLength);
                stream.Flush(flushToDisk: true);
            }

            return new KeyframeIndexWriter(path, stream, scan.ValidLength, scan.Count, scan.Last, truncated);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds an entry. Byte offsets must strictly increase and UTC must not go back: violating that
    /// is a bug in the caller (the recorder clamps its clock), hence an exception.
    /// </summary>
    public void Append(in IndexEntry entry)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Last is { } last && !KeyframeIndexFormat.IsValidSuccessor(last, entry))
        {
            throw new ArgumentException(
                $"Index entry (utc {entry.UtcMilliseconds}, offset {entry.ByteOffset}) does not follow (utc {last.UtcMilliseconds}, offset {last.ByteOffset}).",
                nameof(entry));
        }

        if (_pendingBytes + KeyframeIndexFormat.EntrySize > _pending.Length)
        {
            Array.Resize(ref _pending, _pending.Length * 2);
        }

        KeyframeIndexFormat.WriteEntry(_pending.AsSpan(_pendingBytes, KeyframeIndexFormat.EntrySize), entry);
        _pendingBytes += KeyframeIndexFormat.EntrySize;
        Last = entry;
        Count++;
    }

    /// <summary>
    /// Forgets pending (not yet written) entries at or after <paramref name="byteOffset"/>: the
    /// record bytes they point at could not be written. Returns how many were dropped.
    /// </summary>
    public int DiscardPendingFrom(long byteOffset)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var dropped = 0;
        while (_pendingBytes > 0
            && KeyframeIndexFormat.TryReadEntry(_pending.AsSpan(_pendingBytes - KeyframeIndexFormat.EntrySize, KeyframeIndexFormat.EntrySize), out var entry)
            && entry.ByteOffset >= byteOffset)
        {
            _pendingBytes -= KeyframeIndexFormat.EntrySize;
            Count--;
            dropped++;
        }

        if (dropped > 0)
        {
            Last = _pendingBytes > 0 && KeyframeIndexFormat.TryReadEntry(_pending.AsSpan(_pendingBytes - KeyframeIndexFormat.EntrySize, KeyframeIndexFormat.EntrySize), out var last)
                ? last
                : _lastCommitted;
        }

        return dropped;
    }

    /// <summary>
    /// Writes the pending entries (and with <paramref name="durable"/> asks the OS to put them on
    /// disk). On an I/O error the entries stay pending and the exception propagates; the caller
    /// logs it and calls again later.
    /// </summary>
    public void Flush(bool durable = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pendingBytes == 0)
        {
            if (durable)
            {
                _stream.Flush(flushToDisk: true);
            }

            return;
        }

        // Always write at the last committed length: a previous failed attempt may have left part
        // of these bytes behind, and they are simply overwritten.
        _stream.Position = _committedLength;
        _stream.Write(_pending, 0, _pendingBytes);
        _stream.Flush(flushToDisk: durable);
        _committedLength += _pendingBytes;
        _lastCommitted = Last;
        _pendingBytes = 0;
    }

    /// <summary>Flushes durably (best effort: an I/O error here leaves the valid part intact) and closes.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            Flush(durable: true);
        }
        catch (IOException)
        {
            // The caller had its chance to see the error through Flush; what was committed stays valid.
        }

        _disposed = true;
        _stream.Dispose();
    }
}
