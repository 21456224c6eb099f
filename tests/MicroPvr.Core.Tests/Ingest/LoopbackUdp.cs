using System.Net;
using System.Net.Sockets;

namespace MicroPvr.Core.Tests.Ingest;

/// <summary>Random multicast groups and free ports on loopback, and a sender for them.</summary>
internal static class LoopbackUdp
{
    public static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    public static IPAddress RandomGroup() =>
        new([239, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255)]);

    /// <summary>A UDP sender bound to <paramref name="from"/> that sends multicast out of the loopback interface.</summary>
    public static Socket Sender(IPAddress? from = null)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(from ?? IPAddress.Loopback, 0));
        s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
        return s;
    }
}
