using ScottPlot;

namespace Chart;

/// <summary>Two stacked bar charts over the same configurations: p99 latency on top, error rate below.</summary>
internal static class HeterogeneousChart
{
    public static void Save(IReadOnlyList<ScenarioRow> rows, string title, string pngPath)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var latency = multiplot.GetPlot(0);
        var errors = multiplot.GetPlot(1);

        AddBars(latency, rows, r => r.P99Ms, v => $"{v:0}");
        latency.Title(title);
        latency.YLabel("p99 latency of 2xx (ms)");

        AddBars(errors, rows, r => r.ErrorRate * 100, v => $"{v:0.0}");
        errors.YLabel("error rate (%)");

        foreach (var plot in new[] { latency, errors })
        {
            // The font bench/load/run.sh installs (fonts-dejavu-core); fontconfig substitutes one if it is missing.
            plot.Font.Set("DejaVu Sans");
            var ticks = rows.Select((r, i) => new Tick(i, r.Label)).ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
            plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 130;
            plot.Axes.Margins(bottom: 0, top: 0.15);
            plot.Grid.XAxisStyle.IsVisible = false;
        }
        multiplot.SavePng(pngPath, 1200, 900);
    }

    private static void AddBars(Plot plot, IReadOnlyList<ScenarioRow> rows, Func<ScenarioRow, double> value, Func<double, string> format)
    {
        var bars = rows.Select((row, index) =>
        {
            var v = value(row);
            var shown = double.IsFinite(v) ? v : 0;
            return new Bar
            {
                Position = index,
                Value = shown,
                Label = double.IsFinite(v) ? format(v) : "n/a",
                FillColor = ColorOf(row.Proxy),
            };
        }).ToArray();
        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 12;
        plottable.ValueLabelStyle.FontName = "DejaVu Sans";
    }

    /// <summary>One color per proxy, so a family of policies reads as one.</summary>
    private static Color ColorOf(string proxy) => proxy switch
    {
        "fulcrum" => Colors.SteelBlue,
        "yarp" => Colors.MediumPurple,
        "nginx" => Colors.SeaGreen,
        "haproxy" => Colors.DarkOrange,
        _ => Colors.Gray,
    };
}
