using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MicroPvr.Server.Hosting;

/// <summary>Binds a Kestrel listener to a configured host (IP literal, "localhost", "*" or a name) and port.</summary>
internal static class ListenAddress
{
    /// <param name="configure">Applied to every listener (connection middleware such as the zero-copy fast path).</param>
    public static void Listen(KestrelServerOptions kestrel, string host, int port, Action<ListenOptions>? configure = null)
    {
        var h = host.Trim();
        configure ??= static _ => { };
        if (h is "*" or "")
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(port, configure);
        }
        else if (IPAddress.TryParse(h.Trim('[', ']'), out var address))
        {
            kestrel.Listen(address, port, configure);
        }
        else
        {
            foreach (var resolved in Dns.GetHostAddresses(h))
            {
                kestrel.Listen(resolved, port, configure);
            }
        }
    }

    public static string Describe(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
}
