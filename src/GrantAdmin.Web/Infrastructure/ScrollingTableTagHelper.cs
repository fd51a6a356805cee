using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Puts every table of a page in a container that scrolls sideways on its own (WCAG 1.4.10 reflow: at 320 CSS px the page
/// itself never scrolls sideways). The container is a labelled, focusable region so a keyboard user can scroll it too.
/// Letters are left alone: they are printed to A4, outside a request, and never scroll.
/// </summary>
[HtmlTargetElement("table")]
public sealed partial class ScrollingTableTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.HttpContext.GetEndpoint() is null) return;
        var content = await output.GetChildContentAsync();
        var caption = Caption().Match(content.GetContent());
        var label = caption.Success ? WebUtility.HtmlDecode(Tags().Replace(caption.Groups[1].Value, "")).Trim() : "Tabel";
        output.PreElement.AppendHtml(OpenRegion(label));
        output.PostElement.AppendHtml(CloseRegion);
    }

    /// <summary>The container's opening tag, for a table written outside Razor (the chart figures).</summary>
    public static string OpenRegion(string label) =>
        $"""<div class="table-scroll" role="region" tabindex="0" aria-label="{WebUtility.HtmlEncode(label)}">""";

    public const string CloseRegion = "</div>";

    [GeneratedRegex("<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
