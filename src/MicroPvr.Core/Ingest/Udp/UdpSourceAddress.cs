using System.Globalization;
using System.Net;

namespace MicroPvr.Core.Ingest.Udp;

/// <summary>
/// The addressing of a `udp://` or `rtp://` source (docs/sources.md):
/// `udp://[IFACE]@GROUP:PORT`, `udp://@:PORT`, `udp://ADDRESS:PORT`, with `?localaddr=IP` and
/// `?sources=IP[,IP]` (source-specific multicast). IFACE is an interface name or a local IP.
/// Other query options (ffmpeg's pkt_size, fifo_size, ...) are accepted and ignored.
/// </summary>
/// <param name="Address">The multicast group or local unicast address; null = any.</param>
/// <param name="Port">UDP port.</param>
/// <param name="InterfaceName">Interface name to join on (IFACE@ that is not an IP), or null.</param>
/// <param name="LocalAddress">Local IP to join on (IFACE@ as IP, or ?localaddr=), or null = kernel's choice.</param>
/// <param name="Sources">Allowed senders for source-specific multicast (RFC 4607); empty = any source.</param>
public sealed record UdpSourceAddress(IPAddress? Address, int Port, string? InterfaceName, IPAddress? LocalAddress, IReadOnlyList<IPAddress> Sources)
{
    /// <summary>True when <see cref="Address"/> is a multicast group.</summary>
    public bool IsMulticast => Address is { } a && (a.IsIPv6Multicast || (a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (a.GetAddressBytes()[0] & 0xF0) == 0xE0));

    /// <summary>Parses the part after `scheme://`; null with an error message when invalid.</summary>
    public static UdpSourceAddress? Parse(string afterScheme, out string? error)
    {
        error = null;
        var query = string.Empty;
        var q = afterScheme.IndexOf('?', StringComparison.Ordinal);
        var authority = q < 0 ? afterScheme : afterScheme[..q];
        if (q >= 0)
        {
            query = afterScheme[(q + 1)..];
        }

        authority = authority.TrimEnd('/');
        string? iface = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            iface = at > 0 ? authority[..at] : null;
            authority = authority[(at + 1)..];
        }

        if (!TrySplitHostPort(authority, out var host, out var port))
        {
            error = $"expected HOST:PORT or @:PORT, got '{authority}'";
            return null;
        }

        IPAddress? address = null;
        if (host.Length > 0 && !IPAddress.TryParse(host, out address))
        {
            error = $"'{host}' is not an IP address";
            return null;
        }

        if (address is not null && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            address = null;
        }

        IPAddress? local = null;
        string? interfaceName = null;
        if (iface is not null)
        {
            if (IPAddress.TryParse(iface, out var ifaceIp))
            {
                local = ifaceIp;
            }
            else
            {
                interfaceName = iface;
            }
        }

        var sources = new List<IPAddress>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "localaddr":
                    if (!IPAddress.TryParse(value, out local))
                    {
                        error = $"localaddr '{value}' is not an IP address";
                        return null;
                    }

                    break;
                case "sources":
                case "source":
                    foreach (var s in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!IPAddress.TryParse(s, out var src))
                        {
                            error = $"source '{s}' is not an IP address";
                            return null;
                        }

                        sources.Add(src);
                    }

                    break;
            }
        }

        var result = new UdpSourceAddress(address, port, interfaceName, local, sources);
        if (sources.Count > 0 && !result.IsMulticast)
        {
            error = "?sources= needs a multicast group";
            return null;
        }

        return result;
    }

    private static bool TrySplitHostPort(string authority, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        int colon;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= authority.Length || authority[close + 1] != ':')
            {
                return false;
            }

            host = authority[1..close];
            colon = close + 1;
        }
        else
        {
            colon = authority.LastIndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            host = authority[..colon];
        }

        return int.TryParse(authority.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }
}
