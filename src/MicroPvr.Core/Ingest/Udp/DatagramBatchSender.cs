using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroPvr.Core.Ingest.Udp;

/// <summary>
/// Sends many datagrams, each to one of a fixed set of IPv4 destinations, in as few sendmmsg(2)
/// calls as the kernel allows. The datagrams are slices of one pinned buffer the caller fills;
/// nothing is copied or allocated per datagram. Used by the ingest benchmark's replayer
/// (bench/MicroPvr.BenchTools ts-replay) and the tests. Not thread-safe.
/// </summary>
internal sealed unsafe class DatagramBatchSender : IDisposable
{
    private const int SockaddrInBytes = 16;
    private const ushort AfInet = 2;

    private readonly byte* _base;
    private readonly int _bufferLength;
    private readonly int _destinations;
    private MessageHeader* _headers;
    private IoVector* _vectors;
    private byte* _addresses;

    /// <param name="pinnedBuffer">Holds the datagrams; must be pinned (GC.AllocateArray(pinned: true)) and outlive this sender.</param>
    /// <param name="destinations">IPv4 destinations, referred to by index.</param>
    /// <param name="maxMessages">Most datagrams per <see cref="Send"/>.</param>
    public DatagramBatchSender(byte[] pinnedBuffer, IReadOnlyList<IPEndPoint> destinations, int maxMessages)
    {
        ArgumentNullException.ThrowIfNull(pinnedBuffer);
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfZero(destinations.Count);
        _base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinnedBuffer));
        _bufferLength = pinnedBuffer.Length;
        _destinations = destinations.Count;
        MaxMessages = maxMessages;
        _headers = (MessageHeader*)NativeMemory.AllocZeroed((nuint)maxMessages, (nuint)sizeof(MessageHeader));
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)maxMessages, (nuint)sizeof(IoVector));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)destinations.Count, SockaddrInBytes);
        for (var d = 0; d < destinations.Count; d++)
        {
            var to = destinations[d];
            if (to.AddressFamily != AddressFamily.InterNetwork)
            {
                Free();
                throw new ArgumentException($"only IPv4 destinations: {to}", nameof(destinations));
            }

            // struct sockaddr_in: sin_family (host order), sin_port and sin_addr (network order), zero padding.
            var sa = new Span<byte>(_addresses + (d * SockaddrInBytes), SockaddrInBytes);
            BitConverter.TryWriteBytes(sa[..2], AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(sa[2..4], (ushort)to.Port);
            to.Address.TryWriteBytes(sa[4..8], out _);
        }

        for (var i = 0; i < maxMessages; i++)
        {
            _headers[i].Vectors = _vectors + i;
            _headers[i].VectorCount = 1;
            _headers[i].NameLength = SockaddrInBytes;
        }
    }

    ~DatagramBatchSender() => Free();

    public int MaxMessages { get; }

    /// <summary>System calls made so far.</summary>
    public long Calls { get; private set; }

    /// <summary>Datagrams sent so far.</summary>
    public long Datagrams { get; private set; }

    /// <summary>Message <paramref name="index"/> of the next send: buffer[offset..offset+length) to destination <paramref name="destination"/>.</summary>
    public void Set(int index, int offset, int length, int destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)MaxMessages, nameof(index));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)destination, (uint)_destinations, nameof(destination));
        if ((uint)offset > (uint)_bufferLength || (uint)length > (uint)(_bufferLength - offset))
        {
            throw new ArgumentOutOfRangeException(nameof(length), "the datagram is outside the buffer");
        }

        _vectors[index] = new IoVector { Base = _base + offset, Length = (nuint)length };
        _headers[index].Name = _addresses + (destination * SockaddrInBytes);
    }

    /// <summary>Sends messages 0..count-1 as set; throws <see cref="SocketException"/> on a socket error.</summary>
    public void Send(Socket socket, int count)
    {
        ObjectDisposedException.ThrowIf(_headers is null, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxMessages);
        if (count <= 0)
        {
            return;
        }

        Calls += LinuxDatagramCalls.SendAll(socket, _headers, count);
        Datagrams += count;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_headers is not null)
        {
            NativeMemory.Free(_headers);
            NativeMemory.Free(_vectors);
            NativeMemory.Free(_addresses);
            _headers = null;
            _vectors = null;
            _addresses = null;
        }
    }
}
