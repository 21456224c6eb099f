using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroPvr.Core.Ingest.Udp;

/// <summary>
/// Takes many queued datagrams in one recvmmsg(2) call into one pinned buffer (docs/sources.md,
/// "Receive batching"). The buffer is a slot area followed by a spill area of
/// <see cref="MaxDatagram"/> bytes. Message <c>i</c> lands in slot <c>i</c>, and the slot size is
/// the largest datagram seen so far, so a constant-size stream (1316-byte TS datagrams) lands
/// contiguous: one span for the sink, no copy. Until the first datagram is seen the call takes one
/// message into the spill area (any size fits). A datagram larger than its slot continues in the
/// spill area, which all messages of a call share: the last such datagram of a call is put back
/// together there; an earlier one's tail was overwritten, so it is dropped and counted in
/// <see cref="Truncated"/> (only when a stream's datagrams grow, and the slots grow with them).
/// Not thread-safe; one per source.
/// </summary>
internal sealed unsafe class DatagramBatchReceiver : IDisposable
{
    /// <summary>Largest UDP payload (IPv4 65507, IPv6 jumbograms aside): the spill area's size.</summary>
    public const int MaxDatagram = 65536;

    private readonly byte[] _buffer;
    private readonly byte* _base;
    private readonly int _slotArea;
    private readonly int _maxMessages;
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private MessageHeader* _headers;
    private IoVector* _vectors;
    private int _slot;
    private int _prepared = -1;

    /// <param name="slotAreaBytes">Bytes for the slots (a batch of 1316-byte datagrams: 256 KiB holds 199).</param>
    /// <param name="maxMessages">Most datagrams per call.</param>
    public DatagramBatchReceiver(int slotAreaBytes, int maxMessages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotAreaBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        _slotArea = slotAreaBytes;
        _maxMessages = maxMessages;
        _buffer = GC.AllocateUninitializedArray<byte>(slotAreaBytes + MaxDatagram, pinned: true);
        _base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        _offsets = new int[maxMessages];
        _lengths = new int[maxMessages];
        _headers = (MessageHeader*)NativeMemory.AllocZeroed((nuint)maxMessages, (nuint)sizeof(MessageHeader));
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(2 * maxMessages), (nuint)sizeof(IoVector));
    }

    ~DatagramBatchReceiver() => Free();

    /// <summary>The buffer the datagrams land in (see <see cref="Offset"/>).</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Datagrams of the last <see cref="Receive"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Most datagrams the next call can take (fewer while the slots are large).</summary>
    public int Capacity => _slot == 0 ? 1 : Math.Clamp(_slotArea / _slot, 1, _maxMessages);

    /// <summary>The slot size: the largest datagram seen (0 before the first).</summary>
    public int SlotBytes => _slot;

    /// <summary>Datagrams dropped because they did not fit (see the type's remarks).</summary>
    public long Truncated { get; private set; }

    /// <summary>Largest datagram (its real length) dropped by the last call, 0 if none.</summary>
    public int LastTruncatedBytes { get; private set; }

    /// <summary>Where datagram <paramref name="index"/> of the last call starts in <see cref="Buffer"/>.</summary>
    public int Offset(int index) => _offsets[index];

    /// <summary>Length of datagram <paramref name="index"/> of the last call; -1 when it was dropped (truncated).</summary>
    public int Length(int index) => _lengths[index];

    /// <summary>
    /// One recvmmsg call without blocking: returns how many datagrams it took (0 when the socket
    /// had none). Throws <see cref="SocketException"/> on a socket error.
    /// </summary>
    public int Receive(Socket socket)
    {
        ObjectDisposedException.ThrowIf(_headers is null, this);
        var capacity = Capacity;
        if (_prepared != _slot)
        {
            Prepare(capacity);
        }

        var n = LinuxDatagramCalls.Receive(socket, _headers, capacity);
        Count = n;
        LastTruncatedBytes = 0;
        if (n > 0)
        {
            Lay(n);
        }

        return n;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Points every message at its slot, then at the spill area.</summary>
    private void Prepare(int capacity)
    {
        var spill = _base + _slotArea;
        for (var i = 0; i < capacity; i++)
        {
            var v = _vectors + (2 * i);
            ref var h = ref _headers[i];
            h.Vectors = v;
            if (_slot == 0)
            {
                v[0] = new IoVector { Base = spill, Length = MaxDatagram };
                h.VectorCount = 1;
            }
            else
            {
                v[0] = new IoVector { Base = _base + (i * _slot), Length = (nuint)_slot };
                v[1] = new IoVector { Base = spill, Length = MaxDatagram };
                h.VectorCount = 2;
            }
        }

        _prepared = _slot;
    }

    /// <summary>Where each datagram of the call is, and the slot size for the next call.</summary>
    private void Lay(int n)
    {
        var slot = _slot;
        var lastOverflow = -1;
        for (var i = 0; i < n; i++)
        {
            if (_headers[i].Length > (uint)slot)
            {
                lastOverflow = i;
            }
        }

        var largest = slot;
        for (var i = 0; i < n; i++)
        {
            var length = (int)Math.Min(_headers[i].Length, (uint)int.MaxValue);
            var cut = (_headers[i].Flags & LinuxDatagramCalls.MsgTrunc) != 0;
            largest = Math.Max(largest, Math.Min(length, MaxDatagram));
            if (length <= slot)
            {
                _offsets[i] = i * slot;
                _lengths[i] = length;
            }
            else if (i == lastOverflow && !cut)
            {
                _offsets[i] = _slotArea;
                _lengths[i] = length;
                if (slot > 0)
                {
                    // Head in the slot, tail at the start of the spill area: tail moves up, head before it.
                    var spill = _buffer.AsSpan(_slotArea, MaxDatagram);
                    spill[..(length - slot)].CopyTo(spill[slot..]);
                    _buffer.AsSpan(i * slot, slot).CopyTo(spill);
                }
            }
            else
            {
                _offsets[i] = 0;
                _lengths[i] = -1;
                Truncated++;
                LastTruncatedBytes = Math.Max(LastTruncatedBytes, length);
            }
        }

        _slot = largest;
    }

    private void Free()
    {
        if (_headers is not null)
        {
            NativeMemory.Free(_headers);
            NativeMemory.Free(_vectors);
            _headers = null;
            _vectors = null;
        }
    }
}
