using System.Text;

namespace MicroPvr.Core.Logging.State;

/// <summary>
/// A boxed plain-text table in the original state log's style: a rule of underscores on top,
/// cells as <c>| A | B |</c> padded to the column width, a rule of dashes under the header and
/// under the last row.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _header;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] header) => _header = header;

    public void Add(params string[] row) => _rows.Add(row);

    public void WriteTo(StringBuilder sb)
    {
        var widths = new int[_header.Length];
        var total = 1;
        for (var c = 0; c < _header.Length; c++)
        {
            widths[c] = _header[c].Length;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }

            total += widths[c] + 3;
        }

        sb.Append('_', total).Append('\n');
        WriteRow(sb, _header, widths);
        sb.Append('-', total).Append('\n');
        foreach (var row in _rows)
        {
            WriteRow(sb, row, widths);
        }

        if (_rows.Count > 0)
        {
            sb.Append('-', total).Append('\n');
        }
    }

    private static void WriteRow(StringBuilder sb, string[] cells, int[] widths)
    {
        sb.Append('|');
        for (var c = 0; c < cells.Length; c++)
        {
            sb.Append(' ').Append(cells[c].PadRight(widths[c])).Append(" |");
        }

        sb.Append('\n');
    }
}
