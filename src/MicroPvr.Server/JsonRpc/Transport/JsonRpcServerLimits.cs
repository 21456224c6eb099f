using MicroPvr.Core.Configuration;

namespace MicroPvr.Server.JsonRpc.Transport;

/// <summary>Bounds of the TCP API transport, taken from the json-rpc-* keys at each connection.</summary>
/// <param name="MaxRequestBytes">Largest single request (or batch) accepted; larger: error and close.</param>
/// <param name="RequestTimeout">Time a client has to complete a request, from connect or from the previous answer.</param>
/// <param name="LingerAfterReply">After an answer, how long to wait for another request before closing (compat spec §5: close after answering).</param>
/// <param name="MaxConnections">Concurrent connections; more are closed at once.</param>
public sealed record JsonRpcServerLimits(int MaxRequestBytes, TimeSpan RequestTimeout, TimeSpan LingerAfterReply, int MaxConnections)
{
    /// <summary>
    /// Short enough that `nc` (which waits for the server to close) returns at once, long enough
    /// for a client that pipelines several requests in separate segments.
    /// </summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromMilliseconds(100);

    public static JsonRpcServerLimits From(MicroPvrOptions options) =>
        new(
            MaxRequestBytes: Math.Max(1, options.JsonRpcMaxRequestSizeKiB) * 1024,
            RequestTimeout: TimeSpan.FromSeconds(Math.Max(1, options.JsonRpcRequestTimeoutSeconds)),
            LingerAfterReply: DefaultLinger,
            MaxConnections: Math.Max(1, options.JsonRpcMaxConnections));
}
