using System.Net;
using System.Text;
using System.Text.Encodings.Web;
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
        // Only the table's start is read for its caption: copying a whole table (26 KB in the reviewers' queue) to a
        // string on every request cost more than the rest of the tag helper.
        var start = new UpToCaption();
        content.WriteTo(start, HtmlEncoder.Default);
        var caption = start.Caption;
        var label = caption.Success ? WebUtility.HtmlDecode(Tags().Replace(caption.Groups[1].Value, "")).Trim() : "Tabel";
        output.PreElement.AppendHtml(OpenRegion(label));
        output.PostElement.AppendHtml(CloseRegion);
    }

    /// <summary>The container's opening tag, for a table written outside Razor (the chart figures).</summary>
    public static string OpenRegion(string label) =>
        $"""<div class="table-scroll" role="region" tabindex="0" aria-label="{WebUtility.HtmlEncode(label)}">""";

    public const string CloseRegion = "</div>";

    /// <summary>Keeps what is written until the caption has been seen whole (the first match of <see cref="Caption"/>), then drops the rest.</summary>
    private sealed class UpToCaption : TextWriter
    {
        private readonly StringBuilder text = new();
        private int searchFrom;

        public Match Caption { get; private set; } = Match.Empty;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Append([value]);

        public override void Write(string? value) => Append(value);

        public override void Write(char[] buffer, int index, int count) => Append(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Append(buffer);

        private void Append(ReadOnlySpan<char> value)
        {
            if (Caption.Success || value.IsEmpty) return;
            text.Append(value);
            // The match can end only where a "</caption>" ends: look for one in what was just written (and the few characters before).
            const string End = "</caption>";
            var from = Math.Max(0, searchFrom - End.Length + 1);
            searchFrom = text.Length;
            if (!text.ToString(from, text.Length - from).Contains(End, StringComparison.Ordinal)) return;
            Caption = ScrollingTableTagHelper.Caption().Match(text.ToString());
        }
    }

    [GeneratedRegex("<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
