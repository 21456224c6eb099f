using System.Globalization;

namespace MicroPvr.Core.Monitoring;

/// <summary>Reads LA1 from /proc/loadavg (Linux), the figure the original scores against.</summary>
public sealed class ProcLoadAverage : IHostLoad
{
    private readonly string _path;

    public ProcLoadAverage(string path = "/proc/loadavg") => _path = path;

    public double? LoadAverage1()
    {
        try
        {
            return Parse(File.ReadAllText(_path));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>First field of "0.52 0.58 0.59 1/467 12345".</summary>
    public static double? Parse(ReadOnlySpan<char> text)
    {
        text = text.TrimStart();
        var end = text.IndexOfAny(' ', '\t', '\n');
        var first = end < 0 ? text : text[..end];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var la1) && la1 >= 0 ? la1 : null;
    }
}
