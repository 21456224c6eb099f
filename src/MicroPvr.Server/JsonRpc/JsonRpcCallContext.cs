namespace MicroPvr.Server.JsonRpc;

/// <summary>Where a request came from: for logs, and the HTTP bearer token when called over HTTP.</summary>
public sealed record JsonRpcCallContext(string Remote, string Transport, string? BearerToken = null)
{
    public static JsonRpcCallContext Internal { get; } = new("internal", "internal");
}
