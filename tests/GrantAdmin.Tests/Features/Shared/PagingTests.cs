using CsCheck;
using GrantAdmin.Web.Features.Shared;

namespace GrantAdmin.Tests.Features.Shared;

/// <summary>Paging a long list: whatever the query string says, a real page; the GOV.UK list of page numbers.</summary>
public sealed class PagingTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("1", 1)]
    [InlineData("3", 3)]
    [InlineData("18", 18)]
    [InlineData("19", 18)]
    [InlineData("99999999999999999999999", 1)] // not a number any type holds: the first page, not an error
    [InlineData("9999999999", 18)]
    [InlineData("0", 1)]
    [InlineData("-2", 1)]
    [InlineData("2.5", 1)]
    [InlineData("abc", 1)]
    [InlineData(" 2", 1)]
    public void RequestedPage_IsClampedToARealPage(string? requested, int expected) =>
        Assert.Equal(expected, Paging.Clamp(requested, 20, 342).Page);

    [Fact]
    public void EmptyList_HasOnePage_WithNothingOnIt()
    {
        var paging = Paging.Clamp("4", 20, 0);

        Assert.Equal((1, 1, 0, 0), (paging.Page, paging.PageCount, paging.FirstItem, paging.LastItem));
        Assert.Empty(paging.Slice(Array.Empty<int>()));
    }

    [Fact]
    public void AnyListAndPage_TheSliceIsItemsFirstToLast_AndThePagesTogetherAreTheList() =>
        Gen.Select(Gen.Int[0, 400], Gen.Int[1, 60], Gen.Int[-5, 50]).Sample((total, size, page) =>
        {
            var items = Enumerable.Range(1, total).ToList();
            var paging = Paging.Clamp(page.ToString(System.Globalization.CultureInfo.InvariantCulture), size, total);
            var slice = paging.Slice(items).ToList();
            var all = Enumerable.Range(1, paging.PageCount).SelectMany(p => (paging with { Page = p }).Slice(items)).ToList();
            return paging.Page >= 1 && paging.Page <= paging.PageCount && slice.Count <= size
                && (total == 0 ? slice.Count == 0 : slice[0] == paging.FirstItem && slice[^1] == paging.LastItem)
                && all.SequenceEqual(items);
        }, iter: 2_000);

    [Theory]
    [InlineData(1, new[] { 1, 2, 0, 18 })]
    [InlineData(2, new[] { 1, 2, 3, 0, 18 })]
    [InlineData(4, new[] { 1, 0, 3, 4, 5, 0, 18 })]
    [InlineData(3, new[] { 1, 2, 3, 4, 0, 18 })]
    [InlineData(18, new[] { 1, 0, 17, 18 })]
    public void Numbers_FirstLastCurrentAndNeighbours_WithAGapMarker(int page, int[] expected) =>
        Assert.Equal(expected.Select(n => n == 0 ? (int?)null : n), new Paging(page, 20, 342).Numbers());

    [Fact]
    public void OnePage_ListsOnlyThatPage() => Assert.Equal([1], new Paging(1, 20, 13).Numbers());
}
