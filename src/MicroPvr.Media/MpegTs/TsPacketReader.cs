namespace MicroPvr.Media.MpegTs;

/// <summary>
/// Finds transport packets in a byte stream delivered in arbitrary chunks (datagrams, reads of
/// any size) and hands each aligned 188-byte packet to a sink. ISO/IEC 13818-1 §2.4.3.2 defines
/// only the 0x47 sync byte; like every robust demuxer we lock on three sync bytes at a constant
/// stride, which also detects 192-byte (M2TS, 4-byte time code before the sync byte) and 204-byte
/// (16 Reed-Solomon bytes after the packet) framing. A packet is delivered only when the byte one
/// stride later is a sync byte too (or at <see cref="Flush"/>), so a truncated packet is
/// dropped as garbage instead of being glued to its successor.
/// Chunks that are whole packets are processed in place; only the tail of each chunk (at most
/// one packet) is copied. No allocation after construction.
/// </summary>
public sealed class TsPacketReader
{
    private const int SyncConfirmations = 2;
    private const int BufferSize = 4096;

    private readonly ITsPacketSink _sink;
    private readonly byte[] _pending = new byte[BufferSize];
    private int _pendingLength;
    private bool _synced;
    private int _stride;
    private long _consumed;         // absolute offset of the first byte not yet copied or processed
    private long _packetIndex;
    private long _skipped;          // garbage bytes discarded since sync was last lost

    public TsPacketReader(ITsPacketSink sink) => _sink = sink;

    /// <summary>The detected framing (188, 192 or 204), or 0 before the first sync.</summary>
    public int PacketStride => _stride;

    public bool IsSynced => _synced;

    /// <summary>Total bytes pushed.</summary>
    public long BytesPushed => _consumed;

    /// <summary>Packets delivered so far.</summary>
    public long PacketCount => _packetIndex;

    /// <summary>Total bytes discarded as garbage.</summary>
    public long GarbageBytes { get; private set; }

    public void Push(ReadOnlySpan<byte> data)
    {
        while (true)
        {
            if (_synced && _pendingLength == 0)
            {
                data = ProcessInPlace(data);
                if (_synced)
                {
                    // Tail shorter than stride + 1: keep it for the next chunk.
                    data.CopyTo(_pending);
                    _pendingLength = data.Length;
                    _consumed += data.Length;
                    return;
                }

                continue;
            }

            // Top up the pending buffer: one stride plus the next sync byte when synced, all it holds when searching.
            var want = _synced ? _stride + 1 : BufferSize;
            var take = Math.Max(0, Math.Min(want - _pendingLength, data.Length));
            var beforeTake = data;
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            _consumed += take;
            data = data[take..];

            if (_synced)
            {
                if (_pendingLength < _stride + 1)
                {
                    return;
                }

                var p = _pending.AsSpan(0, _pendingLength);
                if (p[0] == TsPacket.SyncByte && p[_stride] == TsPacket.SyncByte)
                {
                    Deliver(p[..TsPacket.Size], PendingOffset(0));
                    var rest = _pendingLength - _stride;
                    if (rest <= take)
                    {
                        // The bytes after the packet came from this chunk: give them back so the
                        // rest of the chunk is processed in place instead of through this buffer.
                        data = beforeTake[(take - rest)..];
                        _consumed -= rest;
                        _pendingLength = 0;
                    }
                    else
                    {
                        Discard(_stride);
                    }
                }
                else
                {
                    LoseSync(PendingOffset(p[0] == TsPacket.SyncByte ? _stride : 0));
                }

                continue;
            }

            if (!Search() && data.IsEmpty)
            {
                return;
            }
        }
    }

    /// <summary>End of input: delivers a last complete packet that had no successor to confirm it.</summary>
    public void Flush()
    {
        if (!_synced && _stride == 0 && IsWholePackets(_pending.AsSpan(0, _pendingLength)))
        {
            // A tiny input (one or two packets) never reaches three sync confirmations: accept it when it is exact.
            _stride = TsPacket.Size;
            _sink.OnSyncAcquired(PendingOffset(0), TsPacket.Size, _skipped);
            while (_pendingLength >= TsPacket.Size)
            {
                Deliver(_pending.AsSpan(0, TsPacket.Size), PendingOffset(0));
                Discard(TsPacket.Size);
            }
        }

        if (_pendingLength >= TsPacket.Size && _pending[0] == TsPacket.SyncByte && (_synced || _stride != 0))
        {
            Deliver(_pending.AsSpan(0, TsPacket.Size), PendingOffset(0));
            Discard(Math.Min(_pendingLength, Math.Max(_stride, TsPacket.Size)));
        }

        GarbageBytes += _pendingLength;
        _pendingLength = 0;
    }

    private static bool IsWholePackets(ReadOnlySpan<byte> p)
    {
        if (p.IsEmpty || p.Length % TsPacket.Size != 0)
        {
            return false;
        }

        for (var i = 0; i < p.Length; i += TsPacket.Size)
        {
            if (p[i] != TsPacket.SyncByte)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Packets straight from the caller's chunk while each is followed by a sync byte. Returns the rest.</summary>
    private ReadOnlySpan<byte> ProcessInPlace(ReadOnlySpan<byte> data)
    {
        var stride = _stride;
        var offset = 0;
        while (data.Length - offset > stride)
        {
            if (data[offset] != TsPacket.SyncByte || data[offset + stride] != TsPacket.SyncByte)
            {
                // Hand the rest to the search path through the pending buffer.
                _consumed += offset;
                LoseSync(_consumed + (data[offset] == TsPacket.SyncByte ? stride : 0));
                return data[offset..];
            }

            Deliver(data.Slice(offset, TsPacket.Size), _consumed + offset);
            offset += stride;
        }

        _consumed += offset;
        return data[offset..];
    }

    /// <summary>Looks for three sync bytes at a constant stride in the pending buffer. False when more data is needed.</summary>
    private bool Search()
    {
        var p = _pending.AsSpan(0, _pendingLength);
        var i = 0;
        while (i < p.Length)
        {
            var next = p[i..].IndexOf(TsPacket.SyncByte);
            if (next < 0)
            {
                i = p.Length;
                break;
            }

            i += next;
            var verdict = TryStride(p, i);
            if (verdict > 0)
            {
                Skip(i);
                _synced = true;
                _stride = verdict;
                _sink.OnSyncAcquired(PendingOffset(0), verdict, _skipped);
                _skipped = 0;
                return true;
            }

            if (verdict == 0)
            {
                break; // undecidable yet: keep from i and wait for more bytes
            }

            i++;
        }

        Skip(i);
        return false;
    }

    /// <summary>Stride confirmed at i (188, 192, 204), 0 if more bytes are needed, -1 if i is not a packet start.</summary>
    private int TryStride(ReadOnlySpan<byte> p, int i)
    {
        // Prefer the framing already seen, then the common one.
        var undecided = false;
        for (var k = 0; k < 4; k++)
        {
            var stride = k switch { 0 => _stride, 1 => 188, 2 => 192, _ => 204 };
            if (stride == 0 || (k > 0 && stride == _stride))
            {
                continue;
            }

            if (i + (SyncConfirmations * stride) >= p.Length)
            {
                undecided = true;
                continue;
            }

            if (p[i + stride] == TsPacket.SyncByte && p[i + (2 * stride)] == TsPacket.SyncByte)
            {
                return stride;
            }
        }

        return undecided ? 0 : -1;
    }

    private void Deliver(ReadOnlySpan<byte> packet, long offset) => _sink.OnPacket(packet, offset, _packetIndex++);

    private void LoseSync(long offset)
    {
        _synced = false;
        _sink.OnSyncLost(offset);
    }

    private long PendingOffset(int index) => _consumed - _pendingLength + index;

    private void Skip(int count)
    {
        _skipped += count;
        GarbageBytes += count;
        Discard(count);
    }

    private void Discard(int count)
    {
        if (count >= _pendingLength)
        {
            _pendingLength = 0;
            return;
        }

        _pending.AsSpan(count, _pendingLength - count).CopyTo(_pending);
        _pendingLength -= count;
    }
}
