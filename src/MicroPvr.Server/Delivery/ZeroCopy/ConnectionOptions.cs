namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>Whether the connection stays open after the answer, and whether the request was HTTP/1.0 (RFC 9112 §9.3).</summary>
internal readonly record struct ConnectionOptions(bool KeepAlive, bool Http10);
