using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Programme.Exports;

namespace GrantAdmin.Tests.Features.Programme.Exports;

public sealed class ExportTableTests
{
    [Fact]
    public void TextExcelCannotHold_BecomesAReplacementCharacter()
    {
        Assert.Equal("a\uFFFDb\tc\nd\uFFFDe😀", ExportTable.XlsxText("a\u0000b\tc\nd\uD800e😀"));
    }

    [Fact]
    public void CutAtTheLimit_NeverSplitsASurrogatePair()
    {
        var keep = ExportTable.MaxCellLength - ExportTable.TruncatedMarker.Length;
        var text = new string('x', keep - 1) + "😀" + new string('y', 100);

        var cell = ExportTable.XlsxText(text);

        Assert.Equal(new string('x', keep - 1) + ExportTable.TruncatedMarker, cell);
    }

    [Fact]
    public async Task Xlsx_HoldsEveryValueAsText_HeaderFrozen()
    {
        var table = new ExportTable("Een naam die langer is dan eenendertig tekens", ["a", "b"], [["=1+1", "0012"], ["2023-01-01", "x\u0007"]]);

        var xlsx = Xlsx.Read(await table.ToXlsxAsync(TestContext.Current.CancellationToken));

        Assert.True(xlsx.HeaderFrozen);
        Assert.Equal([["a", "b"], ["=1+1", "0012"], ["2023-01-01", "x\uFFFD"]], xlsx.Rows.Select(r => r.ToArray()));
    }
}
