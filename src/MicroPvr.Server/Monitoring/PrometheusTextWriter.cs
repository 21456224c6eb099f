using System.Globalization;
using System.Text;

namespace MicroPvr.Server.Monitoring;

/// <summary>
/// Prometheus text exposition format 0.0.4: each family once, <c># HELP</c> and <c># TYPE</c> before
/// its samples, label values escaped (<c>\\</c>, <c>\"</c>, <c>\n</c>), HELP text escaped (<c>\\</c>,
/// <c>\n</c>), floats in Go's ParseFloat syntax (<c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>).
/// </summary>
public sealed class PrometheusTextWriter
{
    /// <summary>The Content-Type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _sb = new(8192);
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private string? _family;

    /// <summary>Starts a family. A family may be written only once per exposition.</summary>
    public void Family(string name, MetricType type, string help)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(help);
        if (!IsValidName(name) || !_families.Add(name))
        {
            throw new ArgumentException($"invalid or repeated metric family name '{name}'", nameof(name));
        }

        _family = name;
        _sb.Append("# HELP ").Append(name).Append(' ');
        AppendEscaped(help, escapeQuote: false);
        _sb.Append('\n');
        _sb.Append("# TYPE ").Append(name).Append(' ').Append(type == MetricType.Counter ? "counter" : "gauge").Append('\n');
    }

    /// <summary>A sample of the current family.</summary>
    public void Sample(double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        AppendSeries(labels);
        _sb.Append(FormatValue(value)).Append('\n');
    }

    /// <summary>A sample of the current family (integers are written exactly).</summary>
    public void Sample(long value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        AppendSeries(labels);
        _sb.Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public override string ToString() => _sb.ToString();

    /// <summary>Go ParseFloat syntax as the format requires; shortest round-trip digits.</summary>
    public static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>[a-zA-Z_:][a-zA-Z0-9_:]* (metric names); label names additionally may not contain ':'.</summary>
    public static bool IsValidName(string name, bool label = false)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (c == ':' && !label) || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private void AppendSeries(ReadOnlySpan<(string Name, string Value)> labels)
    {
        if (_family is null)
        {
            throw new InvalidOperationException("Family() must come before its samples");
        }

        _sb.Append(_family);
        if (labels.Length == 0)
        {
            _sb.Append(' ');
            return;
        }

        _sb.Append('{');
        for (var i = 0; i < labels.Length; i++)
        {
            var (name, value) = labels[i];
            if (!IsValidName(name, label: true) || name.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ArgumentException($"invalid label name '{name}'", nameof(labels));
            }

            if (i > 0)
            {
                _sb.Append(',');
            }

            _sb.Append(name).Append("=\"");
            AppendEscaped(value ?? "", escapeQuote: true);
            _sb.Append('"');
        }

        _sb.Append("} ");
    }

    private void AppendEscaped(string text, bool escapeQuote)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    _sb.Append("\\\\");
                    break;
                case '\n':
                    _sb.Append("\\n");
                    break;
                case '"' when escapeQuote:
                    _sb.Append("\\\"");
                    break;
                default:
                    _sb.Append(c);
                    break;
            }
        }
    }
}
