using System.Globalization;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>An answer read by <see cref="RawHttpConnection"/>.</summary>
internal sealed record RawHttpResponse(string StatusLine, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public int Status => int.Parse(StatusLine.Split(' ')[1], CultureInfo.InvariantCulture);

    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Status line and fields in order, without Date (it moves): what two servers must agree on.</summary>
    public string HeadWithoutDate => StatusLine + "\n" + string.Join("\n", Headers.Where(h => !h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase)).Select(h => $"{h.Key}: {h.Value}"));
}
