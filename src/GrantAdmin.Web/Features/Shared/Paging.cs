using System.Globalization;

namespace GrantAdmin.Web.Features.Shared;

/// <summary>
/// One page of a long list (GOV.UK pagination): the page number comes from the query string as typed, so anything that is
/// not a page (text, 0, -3, beyond the last page) lands on the nearest real page instead of an error.
/// </summary>
public sealed record Paging(int Page, int PageSize, int TotalItems)
{
    public int PageCount => Math.Max(1, (TotalItems + PageSize - 1) / PageSize);
    public int FirstItem => TotalItems == 0 ? 0 : (Page - 1) * PageSize + 1;
    public int LastItem => Math.Min(TotalItems, Page * PageSize);

    public static Paging Clamp(string? requested, int pageSize, int totalItems)
    {
        var paging = new Paging(1, pageSize, totalItems);
        // Parsed as a long, so an absurdly large number still means "the last page".
        var page = long.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
        return paging with { Page = (int)Math.Clamp(page, 1, paging.PageCount) };
    }

    public IEnumerable<T> Slice<T>(IEnumerable<T> items) => items.Skip((Page - 1) * PageSize).Take(PageSize);

    /// <summary>The numbers to link, GOV.UK style: the first, the last, the current one and its neighbours; null where a gap is.</summary>
    public IReadOnlyList<int?> Numbers()
    {
        var shown = Enumerable.Range(1, PageCount).Where(p => p == 1 || p == PageCount || Math.Abs(p - Page) <= 1).ToList();
        var numbers = new List<int?>();
        for (var i = 0; i < shown.Count; i++)
        {
            if (i > 0 && shown[i] - shown[i - 1] > 1) numbers.Add(null);
            numbers.Add(shown[i]);
        }
        return numbers;
    }
}

/// <summary>The pagination block's model: the paging and how to link to a page (the list's filters stay in the link).</summary>
public sealed record Pagination(Paging Paging, Func<int, string> Href, string ItemsName);
