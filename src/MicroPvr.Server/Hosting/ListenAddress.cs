using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MicroPvr.Server.Hosting;

/// <summary>Binds a Kestrel listener to a configured host (IP literal, "localhost", "*" or a name) and port.</summary>
internal static class ListenAddress
{
    public static void Listen(KestrelServerOptions kestrel, string host, int port)
    {
        var h = host.Trim();
        if (h is "*" or "")
        {
            kestrel.ListenAnyIP(port);
        }
        else if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(port);
        }
        else if (IPAddress.TryParse(h.Trim('[', ']'), out var address))
        {
            kestrel.Listen(address, port);
        }
        else
        {
            foreach (var resolved in Dns.GetHostAddresses(h))
            {
                kestrel.Listen(resolved, port);
            }
        }
    }

    public static string Describe(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
}
