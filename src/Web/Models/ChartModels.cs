namespace Streaming.Web.Models;

/// <summary>Data for the server-rendered SVG charts (no chart library, nothing from a CDN).</summary>
public sealed record ChartSeries(string Title, string Unit, IReadOnlyList<(string Label, double Value)> Points)
{
    public double Max => Points.Count == 0 ? 0 : Points.Max(p => p.Value);
}

public sealed record HeatMapModel(int[,] Cells, int Max, string TimeZone);
