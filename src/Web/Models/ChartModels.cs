namespace Streaming.Web.Models;

/// <summary>
/// Data for the server-rendered SVG charts (no chart library, nothing from a CDN). <see cref="Unit"/>
/// is plural ("tokens"), <see cref="UnitOne"/> its singular ("token"), for the bars' tooltips.
/// </summary>
public sealed record ChartSeries(string Title, string Unit, IReadOnlyList<(string Label, double Value)> Points, string? UnitOne = null, string? XAxis = null)
{
    public double Max => Points.Count == 0 ? 0 : Points.Max(p => p.Value);

    public string Amount(double value) =>
        $"{value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} {(value == 1 ? UnitOne ?? Unit : Unit)}";
}

public sealed record HeatMapModel(int[,] Cells, int Max, string TimeZone);
