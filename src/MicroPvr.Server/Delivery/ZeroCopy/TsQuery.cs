using System.Globalization;
using System.Text;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// The parameters of <c>/ts?channel_id&amp;timestamp&amp;endless&amp;priority&amp;aid</c> (compat spec §6)
/// read from the raw query by the fast path, with the rules of the Kestrel handler
/// (<see cref="QueryValues"/>): <see cref="Valid"/> false is its 400.
/// </summary>
internal readonly record struct TsQuery(bool Valid, int ChannelId, long Timestamp, bool Endless, int? Priority, string Aid)
{
    /// <summary>
    /// Reads <c>key=value&amp;…</c>. False (hand the request to Kestrel) for anything whose decoding
    /// could differ from ASP.NET's query parsing: a percent-escape, '+', a byte outside RFC 3986
    /// §2.3 unreserved characters, a piece without '=', an empty piece, or one of our parameters
    /// twice (names compare without case, as ASP.NET's query collection does).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> query, out TsQuery result)
    {
        result = default;
        ReadOnlySpan<byte> channel = default, timestamp = default, endless = default, priority = default, aid = default;
        var seen = 0;
        var pieces = new PlainQuery(query);
        while (pieces.MoveNext())
        {
            var name = pieces.Name;
            var value = pieces.Value;
            var bit = Ascii.EqualsIgnoreCase(name, "channel_id"u8) ? 1 : Ascii.EqualsIgnoreCase(name, "timestamp"u8) ? 2
                : Ascii.EqualsIgnoreCase(name, "endless"u8) ? 4 : Ascii.EqualsIgnoreCase(name, "priority"u8) ? 8
                : Ascii.EqualsIgnoreCase(name, "aid"u8) ? 16 : 0;
            if ((seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            switch (bit)
            {
                case 1: channel = value; break;
                case 2: timestamp = value; break;
                case 4: endless = value; break;
                case 8: priority = value; break;
                case 16: aid = value; break;
            }
        }

        if (pieces.Malformed)
        {
            return false;
        }

        long? ts = null;
        var isEndless = false;
        int? prio = null;
        var valid = TryInt(channel, out var channelId) && channelId is not null
            && TryLong(timestamp, out ts) && ts is >= 0 and <= QueryValues.MaxUnixSeconds
            && TryFlag(endless, out isEndless)
            && TryInt(priority, out prio);
        result = valid
            ? new TsQuery(true, channelId!.Value, ts!.Value, isEndless, prio, Encoding.ASCII.GetString(aid))
            : new TsQuery(false, 0, 0, false, null, "");
        return true;
    }

    /// <summary>Empty = absent; else a plain integer with an optional sign (long.TryParse, AllowLeadingSign).</summary>
    internal static bool TryLong(ReadOnlySpan<byte> value, out long? result)
    {
        result = null;
        if (value.IsEmpty)
        {
            return true;
        }

        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return false;
        }

        result = v;
        return true;
    }

    private static bool TryInt(ReadOnlySpan<byte> value, out int? result)
    {
        result = null;
        if (!TryLong(value, out var v) || v is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        result = (int?)v;
        return true;
    }

    private static bool TryFlag(ReadOnlySpan<byte> value, out bool result)
    {
        result = value.SequenceEqual("1"u8) || value.SequenceEqual("true"u8);
        return result || value.IsEmpty || value.SequenceEqual("0"u8) || value.SequenceEqual("false"u8);
    }
}
