using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace MicroPvr.Server.Delivery;

/// <summary>What a streaming handler can learn about its connection at once.</summary>
internal static class ConnectionState
{
    /// <summary>
    /// True once an operation on the request's socket failed for good (Kestrel's send to a reset
    /// connection): .NET then reports the socket not connected. Null when Kestrel gives no socket.
    /// </summary>
    public static Func<bool>? ClientGone(HttpContext http) =>
        http.Features.Get<IConnectionSocketFeature>()?.Socket is Socket socket ? () => !socket.Connected : null;
}
