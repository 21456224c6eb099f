namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>The form of a single <c>Range: bytes=</c> range (RFC 9110 §14.1.2).</summary>
internal enum ByteRangeKind
{
    /// <summary>No Range header: the whole file.</summary>
    None,

    /// <summary><c>bytes=first-last</c>.</summary>
    FromTo,

    /// <summary><c>bytes=first-</c>.</summary>
    From,

    /// <summary><c>bytes=-length</c>: the last <c>length</c> bytes.</summary>
    Suffix,
}
