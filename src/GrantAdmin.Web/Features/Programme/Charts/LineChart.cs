using System.Globalization;
using System.Net;
using System.Text;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Charts;

public sealed record ChartPoint(DateOnly X, double Y);
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>
/// A line chart over dates, rendered on the server as SVG (no script, no inline style: CSP-safe). Accessible: the SVG
/// is an image named by its title and description, and _LineChart.cshtml puts the same numbers in a table beside it.
/// </summary>
public sealed record LineChart(string Id, string Title, string Description, IReadOnlyList<ChartSeries> Series,
    double YMin, double YMax, double YStep, string YLabel)
{
    public IReadOnlyList<DateOnly> Dates => Series.SelectMany(s => s.Points).Select(p => p.X).Distinct().Order().ToList();
    public bool IsEmpty => Series.All(s => s.Points.Count == 0);

    public static string FormatValue(double y) => y.ToString(y == Math.Floor(y) ? "0" : "0.0#", Amsterdam.Culture);
    public static string FormatDay(DateOnly day) => day.ToString("d MMM yyyy", Amsterdam.Culture);
}

public static class SvgLineChart
{
    public const double Width = 800, Height = 340;
    private const double Left = 56, Right = 250, Top = 16, Bottom = 56, Inset = 18;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Okabe–Ito: told apart also with colour-blindness; every line also has its own dash pattern and marker.
    private static readonly string[] Colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"];
    private static readonly string[] Dashes = ["", "6 3", "2 3", "8 3 2 3", "12 4", "4 4", "1 2", "10 2 2 2"];

    /// <summary>Where a value lands in the drawing: dates spread evenly from the first to the last day; one day sits in the middle.</summary>
    public static (double X, double Y) Position(LineChart chart, ChartPoint point)
    {
        var dates = chart.Dates;
        double plotWidth = Width - Left - Right - 2 * Inset, plotHeight = Height - Top - Bottom;
        var first = dates.Count == 0 ? point.X : dates[0];
        var span = dates.Count < 2 ? 0 : dates[^1].DayNumber - first.DayNumber;
        var x = Left + Inset + (span == 0 ? plotWidth / 2 : plotWidth * (point.X.DayNumber - first.DayNumber) / span);
        var range = chart.YMax - chart.YMin;
        var clamped = Math.Clamp(point.Y, chart.YMin, chart.YMax);
        var y = Top + plotHeight * (1 - (range == 0 ? 0 : (clamped - chart.YMin) / range));
        return (Math.Round(x, 2), Math.Round(y, 2));
    }

    public static string Render(LineChart chart)
    {
        var id = WebUtility.HtmlEncode(chart.Id);
        var svg = new StringBuilder();
        svg.Append(Invariant, $"""<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="100%" viewBox="0 0 {Width} {Height}" role="img" aria-labelledby="{id}-title {id}-desc" data-testid="chart-{id}">""");
        svg.Append(Invariant, $"""<title id="{id}-title">{Encode(chart.Title)}</title><desc id="{id}-desc">{Encode(chart.Description)}</desc>""");
        AppendAxes(svg, chart);
        for (var i = 0; i < chart.Series.Count; i++) AppendSeries(svg, chart, chart.Series[i], i);
        AppendLegend(svg, chart);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void AppendAxes(StringBuilder svg, LineChart chart)
    {
        svg.Append("""<g class="chart-axes" aria-hidden="true" font-size="12" font-family="Liberation Sans, Arial, sans-serif" fill="#333">""");
        for (var y = chart.YMin; y <= chart.YMax + 1e-9; y += chart.YStep)
        {
            var (_, py) = Position(chart, new ChartPoint(DateOnly.MinValue, y));
            svg.Append(Invariant, $"""<line x1="{Left}" y1="{py}" x2="{Width - Right}" y2="{py}" stroke="#d0d4da" stroke-width="1"/>""");
            svg.Append(Invariant, $"""<text x="{Left - 8}" y="{py + 4}" text-anchor="end">{Encode(LineChart.FormatValue(y))}</text>""");
        }
        svg.Append(Invariant, $"""<line x1="{Left}" y1="{Top}" x2="{Left}" y2="{Height - Bottom}" stroke="#333" stroke-width="1"/>""");
        svg.Append(Invariant, $"""<text x="14" y="{(Top + Height - Bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 {(Top + Height - Bottom) / 2})">{Encode(chart.YLabel)}</text>""");
        var dates = chart.Dates;
        var every = Math.Max(1, (int)Math.Ceiling(dates.Count / 6.0));
        for (var i = 0; i < dates.Count; i++)
        {
            if (i % every != 0 && i != dates.Count - 1) continue;
            var (px, _) = Position(chart, new ChartPoint(dates[i], chart.YMin));
            svg.Append(Invariant, $"""<text x="{px}" y="{Height - Bottom + 20}" text-anchor="middle">{Encode(LineChart.FormatDay(dates[i]))}</text>""");
        }
        svg.Append("</g>");
    }

    private static void AppendSeries(StringBuilder svg, LineChart chart, ChartSeries series, int index)
    {
        var colour = Colours[index % Colours.Length];
        var dash = Dashes[index % Dashes.Length];
        var points = series.Points.OrderBy(p => p.X).Select(p => (Point: p, At: Position(chart, p))).ToList();
        svg.Append(Invariant, $"""<g class="chart-series" data-series="{Encode(series.Name)}">""");
        if (points.Count > 1)
        {
            var path = string.Join(' ', points.Select(p => string.Create(Invariant, $"{p.At.X},{p.At.Y}")));
            svg.Append(Invariant, $"""<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{(dash.Length == 0 ? "" : $" stroke-dasharray=\"{dash}\"")}/>""");
        }
        foreach (var (point, at) in points)
        {
            svg.Append(Invariant, $"""<circle cx="{at.X}" cy="{at.Y}" r="4.5" fill="{colour}" data-x="{point.X:yyyy-MM-dd}" data-y="{point.Y.ToString("0.###", Invariant)}">""");
            svg.Append(Invariant, $"""<title>{Encode($"{series.Name}, {LineChart.FormatDay(point.X)}: {LineChart.FormatValue(point.Y)}")}</title></circle>""");
        }
        svg.Append("</g>");
    }

    private static void AppendLegend(StringBuilder svg, LineChart chart)
    {
        svg.Append("""<g class="chart-legend" aria-hidden="true" font-size="12" font-family="Liberation Sans, Arial, sans-serif" fill="#333">""");
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var y = Top + 8 + i * 20;
            var x = Width - Right + 16;
            var dash = Dashes[i % Dashes.Length];
            svg.Append(Invariant, $"""<line x1="{x}" y1="{y}" x2="{x + 24}" y2="{y}" stroke="{Colours[i % Colours.Length]}" stroke-width="2.5"{(dash.Length == 0 ? "" : $" stroke-dasharray=\"{dash}\"")}/>""");
            svg.Append(Invariant, $"""<text x="{x + 30}" y="{y + 4}">{Encode(chart.Series[i].Name)}</text>""");
        }
        svg.Append("</g>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
