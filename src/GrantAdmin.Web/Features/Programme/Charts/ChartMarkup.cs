using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Charts;

/// <summary>
/// What every server-rendered chart shares: a figure whose caption is the chart's title, the SVG (<c>role="img"</c>,
/// labelled by its title and description), a value axis with nice ticks and its own title, and the same numbers as a
/// data table, for screen readers and for copying. The plot's margins follow its longest labels, so none is clipped.
/// </summary>
internal static class ChartMarkup
{
    public const int Width = 640;
    public const int Right = 16, PlotHeight = 170;
    // Room above the plot for the axis title, written horizontally (as GOV.UK and the ONS do): read without turning one's head.
    public const int Top = 34;
    public const double FontSize = 11;

    /// <summary>Colours with at least 3:1 contrast against white, told apart by the table as well.</summary>
    public static readonly string[] Palette = ["#154273", "#b3001b", "#2f6b1f", "#8a4b00", "#5b2a86", "#00727a"];

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A count in Dutch notation (1.500), for count axes and their tables.</summary>
    public static string Count(double value) => value.ToString("#,0", Amsterdam.Culture);

    /// <summary>
    /// A generous estimate of a label's width in the chart's font: Liberation Sans/Arial glyphs average about 0.55 em, so
    /// 0.62 em leaves room for wide glyphs and for a fallback font. Server-side, so no measuring in a browser.
    /// </summary>
    public static double TextWidth(string text, double fontSize = FontSize) => text.Length * fontSize * 0.62;

    /// <summary>The value axis: its ticks, their labels and the axis title.</summary>
    public sealed record ValueScale(IReadOnlyList<double> Ticks, IReadOnlyList<string> Labels, string Title)
    {
        public double Max => Ticks[^1];

        public static ValueScale For(double dataMax, bool wholeNumbers, Func<double, string> format, string title)
        {
            var ticks = AxisTicks.For(dataMax, wholeNumbers);
            return new(ticks, ticks.Select(format).ToList(), title);
        }
    }

    /// <summary>Where the plot sits in the drawing: its left margin holds the longest tick label, its bottom the x labels.</summary>
    public sealed record Frame(ValueScale Scale, double Left, double Bottom)
    {
        public double PlotWidth => Width - Left - Right;
        public double Height => Top + PlotHeight + Bottom;
        public double Baseline => Top + PlotHeight;
        public double Y(double value) => Baseline - Math.Clamp(value, 0, Scale.Max) / Scale.Max * PlotHeight;

        public static Frame For(ValueScale scale, double bottom, double minLeft = 0) =>
            new(scale, Math.Ceiling(Math.Max(minLeft, scale.Labels.Max(l => TextWidth(l)) + 12)), bottom);
    }

    /// <summary>Horizontal grid lines at the ticks, their labels, and the axis title above the plot.</summary>
    public static void ValueAxis(StringBuilder svg, Frame frame)
    {
        svg.Append($"""<text class="axis-title" x="0" y="{Number(FontSize + 2)}" font-size="{Number(FontSize)}" font-weight="bold">{Encode(frame.Scale.Title)}</text>""");
        for (var i = 0; i < frame.Scale.Ticks.Count; i++)
        {
            var y = Number(frame.Y(frame.Scale.Ticks[i]));
            svg.Append($"""<line x1="{Number(frame.Left)}" x2="{Width - Right}" y1="{y}" y2="{y}" stroke="#b1b4b6" stroke-width="1"/>""");
            svg.Append($"""<text class="tick" x="{Number(frame.Left - 6)}" y="{y}" text-anchor="end" dominant-baseline="middle" font-size="{Number(FontSize)}">{Encode(frame.Scale.Labels[i])}</text>""");
        }
    }

    /// <summary>The figure: its title as caption, the description, the SVG (labelled by both) and the data table, folded.</summary>
    public static IHtmlContent Figure(string id, string title, string description, Frame frame, string svgBody, IReadOnlyList<string> header,
        IEnumerable<IReadOnlyList<string>> rows)
    {
        var html = new StringBuilder();
        html.Append($"""<figure class="chart" id="{Encode(id)}"><figcaption class="chart-title">{Encode(title)}</figcaption>""");
        html.Append($"""<p class="hint">{Encode(description)}</p>""");
        html.Append($"""<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {Width} {Number(frame.Height)}" width="{Width}" height="{Number(frame.Height)}" font-family="Liberation Sans, Arial, sans-serif" aria-labelledby="{Encode(id)}-title {Encode(id)}-desc">""");
        html.Append($"""<title id="{Encode(id)}-title">{Encode(title)}</title><desc id="{Encode(id)}-desc">{Encode(description)}</desc>""");
        html.Append(svgBody);
        html.Append("</svg>");
        html.Append($"""<details><summary>Toon de cijfers<span class="visually-hidden"> van {Encode(title)}</span> als tabel</summary>{ScrollingTableTagHelper.OpenRegion(title)}<table data-chart-table="{Encode(id)}"><caption class="visually-hidden">{Encode(title)}</caption><thead><tr>""");
        foreach (var h in header) html.Append($"<th scope=\"col\">{Encode(h)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append($"<td>{Encode(cell)}</td>");
            html.Append("</tr>");
        }
        html.Append($"</tbody></table>{ScrollingTableTagHelper.CloseRegion}</details></figure>");
        return new HtmlString(html.ToString());
    }
}
