using System.Globalization;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// The file name of a virtual playlist: <c>pl_c&lt;channel&gt;_&lt;start&gt;_&lt;end&gt;[_p&lt;priority&gt;].m3u8</c>
/// (unix seconds). Parsing is strict: anything else is not a playlist of ours.
/// </summary>
public readonly record struct PlaylistName(int ChannelId, long StartUnix, long EndUnix, int? Priority)
{
    private const string Prefix = "pl_c";
    private const string Suffix = ".m3u8";

    public string FileName => Priority is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"{Prefix}{ChannelId}_{StartUnix}_{EndUnix}_p{p}{Suffix}")
        : string.Create(CultureInfo.InvariantCulture, $"{Prefix}{ChannelId}_{StartUnix}_{EndUnix}{Suffix}");

    public static bool TryParse(ReadOnlySpan<char> fileName, out PlaylistName name)
    {
        name = default;
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = fileName[Prefix.Length..^Suffix.Length];
        Span<Range> parts = stackalloc Range[5];
        var n = body.Split(parts, '_');
        if (n is < 3 or > 4
            || !TryDigits(body[parts[0]], out var channel) || channel is <= 0 or > int.MaxValue
            || !TryDigits(body[parts[1]], out var start)
            || !TryDigits(body[parts[2]], out var end) || end <= start)
        {
            return false;
        }

        int? priority = null;
        if (n == 4)
        {
            var p = body[parts[3]];
            if (p.Length < 2 || p[0] != 'p' || !TryDigits(p[1..], out var pv) || pv > int.MaxValue)
            {
                return false;
            }

            priority = (int)pv;
        }

        name = new PlaylistName((int)channel, start, end, priority);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        // Plain ASCII digits only: no sign, no spaces, no leading zeros that would alias a name.
        if (s.IsEmpty || s.Length > 12 || (s.Length > 1 && s[0] == '0'))
        {
            return false;
        }

        foreach (var c in s)
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
