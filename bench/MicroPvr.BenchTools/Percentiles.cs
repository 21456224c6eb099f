using System.Globalization;

namespace MicroPvr.BenchTools;

/// <summary>Latency samples (milliseconds) and the figure lines the scripts read.</summary>
public sealed class Percentiles
{
    private readonly List<double> _samples = [];

    public int Count => _samples.Count;

    public void Add(double milliseconds) => _samples.Add(milliseconds);

    /// <summary>Nearest-rank percentile (p in 0..100) of the samples.</summary>
    public double At(double p)
    {
        if (_samples.Count == 0)
        {
            return double.NaN;
        }

        _samples.Sort();
        var rank = (int)Math.Ceiling(p / 100.0 * _samples.Count);
        return _samples[Math.Clamp(rank - 1, 0, _samples.Count - 1)];
    }

    /// <summary>`FIGURE name.p50 x ms` lines (p50, p90, p99, max) and the sample count.</summary>
    public void Print(string name)
    {
        foreach (var (label, p) in new[] { ("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("max", 100.0) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE {name}.{label} {At(p):0.###} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE {name}.samples {Count} requests"));
    }
}
