using System.Runtime.InteropServices;

namespace MicroPvr.Core.Ingest.Udp;

/// <summary>Linux <c>struct iovec</c>: one buffer of a scatter/gather message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public byte* Base;
    public nuint Length;
}
