using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// The invisible characters that reorder text (U+202E prints what follows backwards). They have no place in Dutch letters,
/// mails or exports and only serve to make printed text say something else than what was stored, so they are removed.
/// </summary>
public static partial class BidiControls
{
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    [return: NotNullIfNotNull(nameof(text))]
    public static string? Strip(string? text)
    {
        if (text is null || text.AsSpan().IndexOfAny(Controls) < 0) return text;
        return string.Create(text.Length - Count(text), text, static (target, source) =>
        {
            var i = 0;
            foreach (var c in source)
                if (!Controls.Contains(c)) target[i++] = c;
        });
    }

    /// <summary>
    /// As <see cref="Strip"/>, for HTML: Razor writes these characters as character references (<c>&amp;#x202E;</c>), which the
    /// browser that prints a letter turns back into the characters.
    /// </summary>
    public static string StripFromHtml(string html) => Strip(References().Replace(html, ""));

    [GeneratedRegex("&#(x0*(202[a-e]|206[6-9]|200[ef]|61c)|0*(823[4-8]|829[4-7]|820[67]|1564));|&(lrm|rlm);", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex References();

    private static int Count(string text)
    {
        var count = 0;
        foreach (var c in text)
            if (Controls.Contains(c)) count++;
        return count;
    }
}
