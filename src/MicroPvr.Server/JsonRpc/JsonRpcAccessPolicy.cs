using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace MicroPvr.Server.JsonRpc;

/// <summary>
/// Optional hardening, off by default so the original's clients work unchanged (compat spec §5):
/// json-rpc-allow (client addresses or CIDR networks) and json-rpc-token (shared secret).
/// </summary>
public sealed class JsonRpcAccessPolicy(JsonRpcOptionsProvider options)
{
    public bool TokenRequired => options.Current.JsonRpcToken.Length > 0;

    public bool IsAddressAllowed(IPAddress? address)
    {
        var allow = options.Current.JsonRpcAllow;
        if (allow.Count == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var entry in allow)
        {
            if (Matches(entry, address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Constant-time comparison so the token cannot be guessed byte by byte.</summary>
    public bool IsTokenValid(string? token)
    {
        var expected = options.Current.JsonRpcToken;
        if (expected.Length == 0)
        {
            return true;
        }

        return token is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected));
    }

    private static bool Matches(string entry, IPAddress address)
    {
        var text = entry.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(text, out var network) && network.Contains(address);
        }

        if (!IPAddress.TryParse(text, out var single))
        {
            return false;
        }

        if (single.IsIPv4MappedToIPv6)
        {
            single = single.MapToIPv4();
        }

        return single.Equals(address);
    }
}
