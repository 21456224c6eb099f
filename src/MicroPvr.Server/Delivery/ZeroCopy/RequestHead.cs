namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// A request head the fast path can answer: <c>GET</c>/<c>HEAD /pvr/&lt;nickname&gt;/&lt;file&gt;</c>
/// over HTTP/1.1 or 1.0, no body, at most one byte range; or <c>/ts?…</c> (<see cref="Ts"/> set,
/// the Range field is then ignored, as the Kestrel handler does), or a player MPEG-TS URL
/// (<see cref="Player"/> set, Range ignored too). <see cref="Length"/> is the size of the
/// head in bytes (request line, header lines and the empty line).
/// </summary>
internal readonly record struct RequestHead(
    bool IsHead,
    bool Http10,
    bool KeepAlive,
    string Nickname,
    string File,
    ByteRangeRequest Range,
    int Length,
    TsQuery? Ts = null,
    PlayerRequest? Player = null);
