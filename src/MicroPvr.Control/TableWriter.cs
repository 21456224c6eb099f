namespace MicroPvr.Control;

/// <summary>Plain aligned text tables, as operators read them over SSH.</summary>
public sealed class TableWriter(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter output, bool withHeader)
    {
        var widths = new int[headers.Length];
        for (var c = 0; c < headers.Length; c++)
        {
            widths[c] = withHeader ? headers[c].Length : 0;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        if (withHeader)
        {
            WriteRow(output, headers, widths);
        }

        foreach (var row in _rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            var last = c == cells.Length - 1;
            output.Write(last ? cells[c] : cells[c].PadRight(widths[c] + 2));
        }

        output.WriteLine();
    }
}
