using System.Globalization;
using System.Text;

namespace MicroPvr.Core.Logging;

/// <summary>
/// The original's line format (compat spec §7):
/// <c>Tue Mar 14 06:31:21 2017 DEBUG RECORDS MANAGER CheckWritingFilesSizes[18527]: (6114) text</c>.
/// The timestamp is ctime(3)'s layout in the server's time zone (day of month space-padded).
/// </summary>
public static class LogLineFormatter
{
    private static readonly string[] Days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static string Format(in LogEntry entry, TimeZoneInfo zone, int pid)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(entry.TimestampUtc, zone).DateTime;
        var sb = new StringBuilder(64 + entry.Text.Length);
        AppendCtime(sb, local);
        sb.Append(' ').Append(LogLevels.Name(entry.Level))
          .Append(' ').Append(entry.Module)
          .Append(' ').Append(entry.Function)
          .Append('[').Append(pid.ToString(CultureInfo.InvariantCulture)).Append("]: (")
          .Append(entry.Code.ToString(CultureInfo.InvariantCulture)).Append(") ")
          .Append(entry.Text);
        return sb.ToString();
    }

    /// <summary>ctime(3): <c>Www Mmm dd hh:mm:ss yyyy</c> with the day padded by a space.</summary>
    public static void AppendCtime(StringBuilder sb, DateTime local)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append(Days[(int)local.DayOfWeek]).Append(' ')
          .Append(Months[local.Month - 1]).Append(' ')
          .Append(local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)).Append(' ')
          .Append(local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append(' ')
          .Append(local.Year.ToString("D4", CultureInfo.InvariantCulture));
    }

    /// <summary>RFC 3164 §4.1.2 TIMESTAMP: <c>Mmm dd hh:mm:ss</c>, day padded by a space.</summary>
    public static void AppendRfc3164Timestamp(StringBuilder sb, DateTime local)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append(Months[local.Month - 1]).Append(' ')
          .Append(local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)).Append(' ')
          .Append(local.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
    }
}
