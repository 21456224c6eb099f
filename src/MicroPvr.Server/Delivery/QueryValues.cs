using System.Globalization;

namespace MicroPvr.Server.Delivery;

/// <summary>Strict parsing of numeric URL parameters: malformed numbers are a 400, never a guess.</summary>
internal static class QueryValues
{
    /// <summary>The last second of year 9999: a later unix time in a URL is a 400, not a date .NET cannot show.</summary>
    public const long MaxUnixSeconds = 253402300799;

    /// <summary>Absent → (true, null); present and a plain integer → (true, value); else (false, null).</summary>
    public static bool TryOptionalLong(HttpRequest request, string name, out long? value)
    {
        value = null;
        var raw = request.Query[name];
        if (raw.Count == 0 || string.IsNullOrEmpty(raw[0]))
        {
            return true;
        }

        if (raw.Count > 1 || !long.TryParse(raw[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return false;
        }

        value = v;
        return true;
    }

    public static bool TryOptionalInt(HttpRequest request, string name, out int? value)
    {
        value = null;
        if (!TryOptionalLong(request, name, out var v))
        {
            return false;
        }

        if (v is null)
        {
            return true;
        }

        if (v is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        value = (int)v.Value;
        return true;
    }

    /// <summary>A 0/1 flag (also true/false).</summary>
    public static bool TryFlag(HttpRequest request, string name, out bool value)
    {
        value = false;
        var raw = request.Query[name].ToString();
        switch (raw)
        {
            case "":
            case "0":
            case "false":
                return true;
            case "1":
            case "true":
                value = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A positive decimal number in a path (no sign, no spaces, at most 12 digits).</summary>
    public static bool TryPathNumber(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 12)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
