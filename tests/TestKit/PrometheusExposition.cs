using System.Globalization;
using System.Text;

namespace MicroPvr.TestKit;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4 for tests: every family has one HELP and
/// one TYPE line before its samples, samples of a family are contiguous, names and label names are
/// valid, label values are properly escaped, values parse. Throws <see cref="FormatException"/>
/// on the first violation, so a test fails on any malformed line of a real /metrics answer.
/// </summary>
public sealed class PrometheusExposition
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly List<PrometheusSample> _samples = [];

    private PrometheusExposition()
    {
    }

    public IReadOnlyList<PrometheusSample> Samples => _samples;

    public IReadOnlyDictionary<string, string> Types => _types;

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; null if none.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        PrometheusSample? found = null;
        foreach (var s in _samples)
        {
            if (s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            {
                if (found is not null)
                {
                    throw new InvalidOperationException($"more than one sample of {name} matches");
                }

                found = s;
            }
        }

        return found?.Value;
    }

    public static PrometheusExposition Parse(string text)
    {
        var result = new PrometheusExposition();
        var help = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        foreach (var line in lines[..^1])
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var name = line[7..].Split(' ')[0];
                Family(name);
                if (!help.Add(name))
                {
                    throw new FormatException($"second HELP for {name}");
                }
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Family(parts[0]);
                if (parts.Length != 2 || parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped") || !result._types.TryAdd(parts[0], parts[1]))
                {
                    throw new FormatException($"bad or repeated TYPE line: {line}");
                }
            }
            else if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }
            else
            {
                var sample = ParseSample(line);
                if (sample.Name != current || !result._types.TryGetValue(sample.Name, out var type))
                {
                    throw new FormatException($"sample outside its family block (TYPE first, samples contiguous): {line}");
                }

                if (type == "counter" && !sample.Name.EndsWith("_total", StringComparison.Ordinal))
                {
                    throw new FormatException($"counter {sample.Name} should end in _total");
                }

                result._samples.Add(sample);
            }
        }

        return result;

        void Family(string name)
        {
            if (name != current)
            {
                if (current is not null)
                {
                    done.Add(current);
                }

                if (done.Contains(name))
                {
                    throw new FormatException($"family {name} appears in two places");
                }

                current = name;
            }

            if (!IsName(name, label: false))
            {
                throw new FormatException($"invalid metric name {name}");
            }
        }
    }

    private static PrometheusSample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }

        var name = line[..i];
        if (!IsName(name, label: false))
        {
            throw new FormatException($"invalid metric name in: {line}");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var label = line[i..eq];
                if (!IsName(label, label: true) || line[eq + 1] != '"')
                {
                    throw new FormatException($"bad label in: {line}");
                }

                var value = new StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"bad escape in: {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"repeated label {label} in: {line}");
                }

                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"no value in: {line}");
        }

        var text = line[(i + 1)..].Split(' ')[0];
        var number = text switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }

    private static bool IsName(string name, bool label) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || (c == ':' && !label));
}

/// <summary>One parsed sample line.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
