using System.Runtime.InteropServices;

namespace MicroPvr.Core.Ingest.Udp;

/// <summary>
/// Linux <c>struct mmsghdr</c> on a 64-bit process (<c>struct msghdr</c> of 56 bytes, then
/// <c>unsigned int msg_len</c>, padded to 64): the element of the recvmmsg(2)/sendmmsg(2) vectors.
/// Explicit offsets because the flattened fields would otherwise put <see cref="Length"/> in the
/// padding at the end of msghdr.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal unsafe struct MessageHeader
{
    /// <summary>msg_name: the peer's address (sendmmsg destination), or null.</summary>
    [FieldOffset(0)]
    public void* Name;

    /// <summary>msg_namelen.</summary>
    [FieldOffset(8)]
    public uint NameLength;

    /// <summary>msg_iov.</summary>
    [FieldOffset(16)]
    public IoVector* Vectors;

    /// <summary>msg_iovlen.</summary>
    [FieldOffset(24)]
    public nuint VectorCount;

    /// <summary>msg_control (ancillary data; unused).</summary>
    [FieldOffset(32)]
    public void* Control;

    /// <summary>msg_controllen.</summary>
    [FieldOffset(40)]
    public nuint ControlLength;

    /// <summary>msg_flags, set by the kernel on receive (MSG_TRUNC: the datagram did not fit).</summary>
    [FieldOffset(48)]
    public int Flags;

    /// <summary>msg_len: bytes received or sent for this message (with MSG_TRUNC, the datagram's real length).</summary>
    [FieldOffset(56)]
    public uint Length;
}
