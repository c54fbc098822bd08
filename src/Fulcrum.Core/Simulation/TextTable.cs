using System.Text;

namespace Fulcrum.Core.Simulation;

/// <summary>A plain-text table: the first column left-aligned, the others right-aligned (numbers), two spaces apart.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(StringBuilder text)
    {
        var widths = new int[_rows[0].Length];
        foreach (var row in _rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }
        foreach (var row in _rows)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0)
                {
                    line.Append("  ");
                }
                line.Append(c == 0 ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
            }
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
