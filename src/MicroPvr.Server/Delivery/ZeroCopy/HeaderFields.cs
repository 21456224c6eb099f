using System.Text;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// The header fields of a fast-path request that matter to the answer (RFC 9110 §5, RFC 9112 §5).
/// <see cref="TryAdd"/> is false for any field that makes the request Kestrel's: a body
/// (Content-Length other than 0, Transfer-Encoding), Expect, Upgrade, the conditional fields (not
/// implemented here: ASP.NET's file result evaluates them), a Range the fast path does not read
/// exactly as ASP.NET does, a second Range/Content-Length, or a malformed line.
/// </summary>
internal struct HeaderFields
{
    private const int MaxDigits = 18; // fits a long: longer numbers are Kestrel's

    private bool _hasRange;
    private bool _hasContentLength;

    public int HostCount { get; private set; }

    public bool Close { get; private set; }

    public bool KeepAlive { get; private set; }

    public ByteRangeRequest Range { get; private set; }

    /// <summary>Adds one field line (without its CRLF); false = hand the request over.</summary>
    public bool TryAdd(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false; // includes obs-fold (a line starting with a space), RFC 9112 §5.2
        }

        var name = line[..colon];
        foreach (var b in name)
        {
            if (!RequestHeadParser.IsTokenByte(b))
            {
                return false; // includes whitespace before the colon, RFC 9112 §5.1
            }
        }

        var value = line[(colon + 1)..];
        foreach (var b in value)
        {
            if (!RequestHeadParser.IsValueByte(b))
            {
                return false;
            }
        }

        value = value.Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "host"u8))
        {
            HostCount++;
            return IsHost(value);
        }

        if (Ascii.EqualsIgnoreCase(name, "connection"u8))
        {
            return AddConnection(value);
        }

        if (Ascii.EqualsIgnoreCase(name, "range"u8))
        {
            if (_hasRange || !TryParseRange(value, out var range))
            {
                return false;
            }

            _hasRange = true;
            Range = range;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
        {
            var first = !_hasContentLength;
            _hasContentLength = true;
            return first && value.SequenceEqual("0"u8);
        }

        return !(Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8) || Ascii.EqualsIgnoreCase(name, "expect"u8)
            || Ascii.EqualsIgnoreCase(name, "upgrade"u8) || Ascii.EqualsIgnoreCase(name, "if-match"u8)
            || Ascii.EqualsIgnoreCase(name, "if-none-match"u8) || Ascii.EqualsIgnoreCase(name, "if-modified-since"u8)
            || Ascii.EqualsIgnoreCase(name, "if-unmodified-since"u8) || Ascii.EqualsIgnoreCase(name, "if-range"u8));
    }

    /// <summary>
    /// <c>bytes=first-last</c>, <c>bytes=first-</c> or <c>bytes=-suffix</c>, exactly (RFC 9110 §14.1.2).
    /// A list of ranges, spaces, another unit or first &gt; last are handed over: ASP.NET then
    /// ignores the header (200) or answers 416, and the fast path must not guess which.
    /// </summary>
    internal static bool TryParseRange(ReadOnlySpan<byte> value, out ByteRangeRequest range)
    {
        range = default;
        if (!value.StartsWith("bytes="u8))
        {
            return false;
        }

        var spec = value["bytes=".Length..];
        var dash = spec.IndexOf((byte)'-');
        if (dash < 0 || !TryDigits(spec[..dash], out var first, out var hasFirst) || !TryDigits(spec[(dash + 1)..], out var last, out var hasLast))
        {
            return false;
        }

        if (hasFirst && hasLast)
        {
            range = ByteRangeRequest.FromTo(first, last);
            return first <= last;
        }

        range = hasFirst ? ByteRangeRequest.From(first) : ByteRangeRequest.Suffix(last);
        return hasFirst || hasLast;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out long value, out bool present)
    {
        value = 0;
        present = !digits.IsEmpty;
        if (digits.Length > MaxDigits)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    /// <summary>A plain host[:port] (RFC 9110 §7.2); anything else is Kestrel's to judge.</summary>
    private static bool IsHost(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (!(b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)':' or (byte)'[' or (byte)']'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 9110 §7.6.1 connection options: close, keep-alive; an upgrade is Kestrel's.</summary>
    private bool AddConnection(ReadOnlySpan<byte> value)
    {
        while (!value.IsEmpty)
        {
            var comma = value.IndexOf((byte)',');
            var option = (comma < 0 ? value : value[..comma]).Trim(" \t"u8);
            value = comma < 0 ? [] : value[(comma + 1)..];
            if (Ascii.EqualsIgnoreCase(option, "close"u8))
            {
                Close = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "keep-alive"u8))
            {
                KeepAlive = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "upgrade"u8))
            {
                return false;
            }
        }

        return true;
    }
}
