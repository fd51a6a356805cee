using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Charts;

/// <summary>
/// What every server-rendered chart shares: an accessible figure (the SVG is <c>role="img"</c> with a title and a
/// description it is labelled by) followed by the same numbers as a data table, for screen readers and for copying.
/// </summary>
internal static class ChartMarkup
{
    public const int Width = 640;
    public const int Height = 280;
    public const int Left = 56, Right = 16, Top = 16, Bottom = 48;
    public const int PlotWidth = Width - Left - Right;
    public const int PlotHeight = Height - Top - Bottom;

    /// <summary>Colours with at least 3:1 contrast against white, told apart by the table as well.</summary>
    public static readonly string[] Palette = ["#154273", "#b3001b", "#2f6b1f", "#8a4b00", "#5b2a86", "#00727a"];

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A "nice" upper bound for the value axis: 1, 2 or 5 times a power of ten, at least the largest value.</summary>
    public static double NiceMax(double max)
    {
        if (max <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1d, 2d, 5d, 10d })
            if (step * magnitude >= max) return step * magnitude;
        return 10 * magnitude;
    }

    /// <summary>The y coordinate of a value on a 0..max axis.</summary>
    public static double Y(double value, double max) => Top + PlotHeight - value / max * PlotHeight;

    /// <summary>Horizontal grid lines with their labels at 0, ¼, ½, ¾ and the maximum.</summary>
    public static void ValueAxis(StringBuilder svg, double max, Func<double, string> format)
    {
        for (var i = 0; i <= 4; i++)
        {
            var value = max * i / 4;
            var y = Number(Y(value, max));
            svg.Append($"""<line x1="{Left}" x2="{Width - Right}" y1="{y}" y2="{y}" stroke="#b1b4b6" stroke-width="1"/>""");
            svg.Append($"""<text x="{Left - 4}" y="{y}" text-anchor="end" dominant-baseline="middle" font-size="11">{Encode(format(value))}</text>""");
        }
    }

    /// <summary>The figure: SVG (labelled by its title and description) and the data table under it.</summary>
    public static IHtmlContent Figure(string id, string title, string description, string svgBody, IReadOnlyList<string> header,
        IEnumerable<IReadOnlyList<string>> rows)
    {
        var html = new StringBuilder();
        html.Append($"""<figure class="chart" id="{Encode(id)}">""");
        html.Append($"""<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {Width} {Height}" width="100%" aria-labelledby="{Encode(id)}-title {Encode(id)}-desc">""");
        html.Append($"""<title id="{Encode(id)}-title">{Encode(title)}</title><desc id="{Encode(id)}-desc">{Encode(description)}</desc>""");
        html.Append(svgBody);
        html.Append("</svg>");
        html.Append($"""<figcaption><details><summary>{Encode(title)}: de cijfers als tabel</summary>{ScrollingTableTagHelper.OpenRegion(title)}<table data-chart-table="{Encode(id)}"><thead><tr>""");
        foreach (var h in header) html.Append($"<th scope=\"col\">{Encode(h)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append($"<td>{Encode(cell)}</td>");
            html.Append("</tr>");
        }
        html.Append($"</tbody></table>{ScrollingTableTagHelper.CloseRegion}</details></figcaption></figure>");
        return new HtmlString(html.ToString());
    }
}
