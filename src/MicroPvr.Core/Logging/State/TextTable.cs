using System.Text;

namespace MicroPvr.Core.Logging.State;

/// <summary>A plain-text table with left-aligned columns separated by two spaces.</summary>
internal sealed class TextTable
{
    private readonly string[] _header;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] header) => _header = header;

    public void Add(params string[] row) => _rows.Add(row);

    public void WriteTo(StringBuilder sb)
    {
        var widths = new int[_header.Length];
        for (var c = 0; c < _header.Length; c++)
        {
            widths[c] = _header[c].Length;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }
        WriteRow(sb, _header, widths);
        foreach (var row in _rows)
        {
            WriteRow(sb, row, widths);
        }
    }

    private static void WriteRow(StringBuilder sb, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                line.Append("  ");
            }
            line.Append(c == cells.Length - 1 ? cells[c] : cells[c].PadRight(widths[c]));
        }
        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
