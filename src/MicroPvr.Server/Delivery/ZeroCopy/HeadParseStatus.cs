namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>Outcome of <see cref="RequestHeadParser.Parse"/>.</summary>
internal enum HeadParseStatus
{
    /// <summary>So far a fast-path request, but its head is not complete yet: read more.</summary>
    Incomplete,

    /// <summary>Not a request the fast path answers (or one it does not fully understand): Kestrel's.</summary>
    HandOver,

    /// <summary>A complete head the fast path answers.</summary>
    Parsed,
}
