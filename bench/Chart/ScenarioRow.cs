using System.Globalization;

namespace Chart;

/// <summary>One configuration of the heterogeneous scenario, as a row of the CSV that bench/load/run.sh writes.</summary>
internal sealed record ScenarioRow(string Proxy, string Policy, double ErrorRate, double P50Ms, double P99Ms)
{
    public string Label => $"{Proxy} {Policy}";

    /// <summary>Reads the CSV (header: proxy,policy,...,error_rate,p50_ms,p99_ms,...; columns found by name).</summary>
    public static IReadOnlyList<ScenarioRow> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0)
        {
            throw new FormatException($"{path}: empty, expected a header line");
        }
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i
            : throw new FormatException($"{path}:1: no column '{name}' in the header");
        var (proxy, policy, errorRate, p50, p99) = (Column("proxy"), Column("policy"), Column("error_rate"), Column("p50_ms"), Column("p99_ms"));
        return lines.Skip(1).Select((line, index) =>
        {
            var cells = line.Split(',');
            double Number(int column) => double.TryParse(cells.ElementAtOrDefault(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                ? n
                : double.NaN;
            if (cells.Length < header.Length)
            {
                throw new FormatException($"{path}:{index + 2}: {cells.Length} cells, header has {header.Length}");
            }
            return new ScenarioRow(cells[proxy], cells[policy], Number(errorRate), Number(p50), Number(p99));
        }).ToArray();
    }
}
