using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MicroPvr.Core.Ingest.Udp;

/// <summary>
/// recvmmsg(2) and sendmmsg(2) from libc: many datagrams per system call. .NET's Socket has no
/// batch receive or send, and on a busy ingest the per-datagram system call (entry, socket lock,
/// exit) is the largest cost left (docs/performance.md, "Ingest"). Linux, 64-bit only (the
/// <see cref="MessageHeader"/> layout); elsewhere the callers use the plain Socket API.
/// </summary>
internal static unsafe partial class LinuxDatagramCalls
{
    /// <summary>MSG_TRUNC: as a receive flag, report a datagram's real length; in msg_flags, it was cut.</summary>
    public const int MsgTrunc = 0x20;

    /// <summary>MSG_DONTWAIT: never block, even on a blocking socket.</summary>
    public const int MsgDontWait = 0x40;

    private const int EAgain = 11;
    private const int EIntr = 4;

    /// <summary>Whether this process can use the calls (Linux, 64-bit).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess && sizeof(MessageHeader) == 64;

    /// <summary>
    /// Receives up to <paramref name="count"/> datagrams without blocking. Returns how many, 0 when
    /// none is queued; retries on EINTR; throws <see cref="SocketException"/> on any other error.
    /// </summary>
    public static int Receive(Socket socket, MessageHeader* headers, int count)
    {
        while (true)
        {
            var n = RecvMmsg((int)socket.Handle, headers, (uint)count, MsgDontWait | MsgTrunc, null);
            if (n >= 0)
            {
                return n;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EAgain)
            {
                return 0;
            }

            if (errno != EIntr)
            {
                throw Error("recvmmsg", errno);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> prepared messages, calling sendmmsg again for what a call
    /// left (it may send fewer). Returns the number of system calls made.
    /// </summary>
    public static int SendAll(Socket socket, MessageHeader* headers, int count)
    {
        var calls = 0;
        var sent = 0;
        while (sent < count)
        {
            var n = SendMmsg((int)socket.Handle, headers + sent, (uint)(count - sent), 0);
            calls++;
            if (n > 0)
            {
                sent += n;
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (n < 0 && errno != EIntr && errno != EAgain)
            {
                throw Error("sendmmsg", errno);
            }
        }

        return calls;
    }

    private static SocketException Error(string call, int errno) =>
        new((int)SocketError.SocketError, $"{call}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int RecvMmsg(int fd, MessageHeader* vector, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMmsg(int fd, MessageHeader* vector, uint count, int flags);
}
