// Chart: draws bench/load/heterogeneous.png (p99 and error rate per configuration of the heterogeneous scenario)
// from the CSV that bench/load/run.sh writes. Usage: Chart INPUT.csv OUTPUT.png [TITLE]
using Chart;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: Chart INPUT.csv OUTPUT.png [TITLE]");
    return 2;
}
try
{
    var rows = ScenarioRow.ReadCsv(args[0]);
    HeterogeneousChart.Save(rows, args.Length > 2 ? args[2] : "Heterogeneous backends", args[1]);
    Console.WriteLine($"Chart: {rows.Count} configurations -> {args[1]}");
    return 0;
}
catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Chart: {e.Message}");
    return 1;
}
