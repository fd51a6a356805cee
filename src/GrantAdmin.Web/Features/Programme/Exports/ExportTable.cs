using ClosedXML.Excel;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Exports;

/// <summary>
/// A table to hand over as a file: CSV (UTF-8 without BOM, RFC 4180, formula-like text escaped with a quote) or Excel
/// (.xlsx, one sheet, header row in bold and frozen, every cell text so nothing is turned into a date or formula).
/// </summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public const string CsvContentType = "text/csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The cells without bidi controls, whichever format they are written to.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; } = [.. Rows.Select(row => (IReadOnlyList<string>)[.. row.Select(cell => BidiControls.Strip(cell))])];

    public byte[] ToCsv() => CsvFile.Write(Header, Rows);

    public byte[] ToXlsx()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(Name.Length > 31 ? Name[..31] : Name);
        for (var c = 0; c < Header.Count; c++)
            sheet.Cell(1, c + 1).SetValue(Header[c]).Style.Font.SetBold();
        for (var r = 0; r < Rows.Count; r++)
            for (var c = 0; c < Rows[r].Count; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                cell.SetValue(Rows[r][c]);
                cell.DataType = XLDataType.Text;
            }
        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
