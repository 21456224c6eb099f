namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// The one <c>Range: bytes=</c> range of a request (RFC 9110 §14.1.2), as written by the client:
/// <c>first-last</c>, <c>first-</c> or the suffix <c>-length</c>. <see cref="Resolve"/> maps it onto a
/// file the way ASP.NET Core's file results do (Kestrel path of <c>/pvr</c>), so both paths answer
/// the same bytes and status.
/// </summary>
internal readonly record struct ByteRangeRequest(ByteRangeKind Kind, long First, long Last)
{
    public static ByteRangeRequest None => default;

    public static ByteRangeRequest FromTo(long first, long last) => new(ByteRangeKind.FromTo, first, last);

    public static ByteRangeRequest From(long first) => new(ByteRangeKind.From, first, 0);

    public static ByteRangeRequest Suffix(long length) => new(ByteRangeKind.Suffix, 0, length);

    /// <summary>
    /// The bytes to send of a file of <paramref name="length"/> bytes: <see cref="RangeOutcome.Whole"/>
    /// (200, no Range), <see cref="RangeOutcome.Partial"/> (206 with [start, start+count)) or
    /// <see cref="RangeOutcome.Unsatisfiable"/> (416). A last byte past the end is clamped; a suffix
    /// longer than the file is the whole file as a 206 (RFC 9110 §14.1.2).
    /// </summary>
    public RangeOutcome Resolve(long length, out long start, out long count)
    {
        start = 0;
        count = length;
        switch (Kind)
        {
            case ByteRangeKind.None:
                return RangeOutcome.Whole;
            case ByteRangeKind.FromTo or ByteRangeKind.From:
                if (length == 0 || First >= length)
                {
                    return RangeOutcome.Unsatisfiable;
                }

                var last = Kind == ByteRangeKind.From || Last >= length ? length - 1 : Last;
                start = First;
                count = last - First + 1;
                return RangeOutcome.Partial;
            default:
                if (length == 0 || Last == 0)
                {
                    return RangeOutcome.Unsatisfiable;
                }

                count = Math.Min(Last, length);
                start = length - count;
                return RangeOutcome.Partial;
        }
    }
}
