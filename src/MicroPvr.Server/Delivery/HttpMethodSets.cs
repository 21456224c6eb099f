namespace MicroPvr.Server.Delivery;

/// <summary>
/// The methods content URLs answer. HEAD is what set-top boxes, players and load balancers send to
/// learn a URL's type and status before playing or probing it (RFC 9110 §9.3.2): it gets the
/// status and headers a GET would get; a stream URL does not start a stream for it, and Kestrel
/// discards the body of any other answer.
/// </summary>
internal static class HttpMethodSets
{
    public static readonly string[] GetHead = ["GET", "HEAD"];
}
