namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// Walks <c>key=value&amp;…</c> of a raw query for the fast path, accepting only what ASP.NET's query
/// parsing reads the same way: a piece with a percent-escape, '+', a byte outside RFC 3986 §2.3
/// unreserved characters, no '=' or an empty name ends the walk with <see cref="Malformed"/> set
/// (the request is then Kestrel's). Names are compared without case by the callers, as ASP.NET's
/// query collection does.
/// </summary>
internal ref struct PlainQuery(ReadOnlySpan<byte> query)
{
    private ReadOnlySpan<byte> _rest = query;
    private bool _end;

    public ReadOnlySpan<byte> Name { get; private set; }

    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>The walk stopped at a piece the fast path must not read.</summary>
    public bool Malformed { get; private set; }

    /// <summary>The next piece; false at the end or at a malformed piece.</summary>
    public bool MoveNext()
    {
        if (_end)
        {
            return false;
        }

        var amp = _rest.IndexOf((byte)'&');
        var piece = amp < 0 ? _rest : _rest[..amp];
        _end = amp < 0;
        _rest = amp < 0 ? default : _rest[(amp + 1)..];
        var eq = piece.IndexOf((byte)'=');
        if (eq <= 0 || !IsPlain(piece[..eq]) || !IsPlain(piece[(eq + 1)..]))
        {
            Malformed = true;
            _end = true;
            return false;
        }

        Name = piece[..eq];
        Value = piece[(eq + 1)..];
        return true;
    }

    /// <summary>RFC 3986 §2.3 unreserved characters only: nothing ASP.NET would decode.</summary>
    public static bool IsPlain(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (!(b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'))
            {
                return false;
            }
        }

        return true;
    }
}
