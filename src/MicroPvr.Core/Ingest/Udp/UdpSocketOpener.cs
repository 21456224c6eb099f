using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Ingest.Udp;

/// <summary>Opens, binds and joins a UDP socket for a <see cref="UdpSourceAddress"/>.</summary>
internal static class UdpSocketOpener
{
    // Linux <netinet/in.h>: IPPROTO_IP level options for source-specific multicast (RFC 4607, RFC 3678).
    private const int IpProtoIp = 0;
    private const int IpAddSourceMembership = 39;

    public static Socket Open(UdpSourceAddress address, IngestOptions options, string url, ILogger logger)
    {
        var family = address.Address?.AddressFamily ?? AddressFamily.InterNetwork;
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            SetReceiveBuffer(socket, options.ReceiveBufferBytes, url, logger);
            if (address.IsMulticast)
            {
                // Binding to the group (not ANY) makes Linux deliver only this group's datagrams,
                // even when another group uses the same port.
                socket.Bind(new IPEndPoint(address.Address!, address.Port));
                Join(socket, address);
            }
            else
            {
                var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                socket.Bind(new IPEndPoint(address.Address ?? any, address.Port));
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void Join(Socket socket, UdpSourceAddress address)
    {
        var group = address.Address!;
        if (group.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var index = address.InterfaceName is { } name ? FindInterface(name).GetIPProperties().GetIPv6Properties().Index : 0;
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group, index));
            return;
        }

        var local = address.LocalAddress ?? (address.InterfaceName is { } ifName ? FindIPv4(ifName) : IPAddress.Any);
        if (address.Sources.Count == 0)
        {
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, local));
            return;
        }

        // struct ip_mreq_source { imr_multiaddr; imr_interface; imr_sourceaddr; } (network byte order).
        Span<byte> mreq = stackalloc byte[12];
        group.TryWriteBytes(mreq[..4], out _);
        local.TryWriteBytes(mreq[4..8], out _);
        foreach (var source in address.Sources)
        {
            source.TryWriteBytes(mreq[8..12], out _);
            socket.SetRawSocketOption(IpProtoIp, IpAddSourceMembership, mreq);
        }
    }

    private static NetworkInterface FindInterface(string name)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (string.Equals(nic.Name, name, StringComparison.Ordinal))
            {
                return nic;
            }
        }

        throw new SocketException((int)SocketError.AddressNotAvailable, $"no network interface named '{name}'");
    }

    private static IPAddress FindIPv4(string interfaceName)
    {
        foreach (var unicast in FindInterface(interfaceName).GetIPProperties().UnicastAddresses)
        {
            if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
            {
                return unicast.Address;
            }
        }

        throw new SocketException((int)SocketError.AddressNotAvailable, $"interface '{interfaceName}' has no IPv4 address");
    }

    /// <summary>
    /// Asks for a large SO_RCVBUF and reports when the kernel caps it (compat spec §9: raise
    /// net.core.rmem_max against multicast loss). Linux reports twice the usable size it grants.
    /// </summary>
    private static void SetReceiveBuffer(Socket socket, int requested, string url, ILogger logger)
    {
        socket.ReceiveBufferSize = requested;
        var granted = socket.ReceiveBufferSize;
        var usable = OperatingSystem.IsLinux() ? granted / 2 : granted;
        if (usable < requested)
        {
            IngestLog.ReceiveBufferCapped(logger, url, usable, requested, ReadRmemMax());
        }
    }

    private static string ReadRmemMax()
    {
        try
        {
            return File.ReadAllText("/proc/sys/net/core/rmem_max").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    public static string Describe(UdpSourceAddress a) =>
        string.Create(CultureInfo.InvariantCulture, $"{(a.IsMulticast ? "multicast" : "unicast")} {a.Address?.ToString() ?? "*"}:{a.Port}{(a.LocalAddress is { } l ? $" on {l}" : a.InterfaceName is { } n ? $" on {n}" : string.Empty)}{(a.Sources.Count > 0 ? $" from {string.Join(',', a.Sources)}" : string.Empty)}");
}
