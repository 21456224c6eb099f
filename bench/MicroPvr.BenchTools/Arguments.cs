using System.Globalization;

namespace MicroPvr.BenchTools;

/// <summary>`--name value` pairs of a tool mode, with typed getters and defaults.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Arguments(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            _values[args[i][2..]] = args[++i];
        }
    }

    public string Text(string name, string? fallback = null) =>
        _values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");

    public long WholeNumber(string name, long? fallback = null) =>
        _values.TryGetValue(name, out var v) ? long.Parse(v, CultureInfo.InvariantCulture)
            : fallback ?? throw new ArgumentException($"--{name} is required");

    public double Number(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
