using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// Kestrel's own limits, applied by the fast path while it owns a connection, plus its send
/// watchdog: a connection whose client takes longer than <see cref="SendStallTimeout"/> to accept
/// one <see cref="ChunkBytes"/> chunk is closed (as nginx's send_timeout does), so a reader that
/// stopped reading cannot hold a file open forever.
/// </summary>
internal sealed record FastPathLimits(
    TimeSpan KeepAliveTimeout,
    TimeSpan RequestHeadersTimeout,
    int MaxRequestLineSize,
    int MaxRequestHeadersTotalSize,
    bool ServerHeader,
    TimeSpan SendStallTimeout,
    int ChunkBytes)
{
    public static FastPathLimits From(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var limits = kestrel.Limits;
        return new FastPathLimits(limits.KeepAliveTimeout, limits.RequestHeadersTimeout, limits.MaxRequestLineSize,
            limits.MaxRequestHeadersTotalSize, kestrel.AddServerHeader, TimeSpan.FromSeconds(120), 4 << 20);
    }
}
