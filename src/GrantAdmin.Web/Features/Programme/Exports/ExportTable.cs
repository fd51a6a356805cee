using ClosedXML.Excel;
using CsvHelper;

namespace GrantAdmin.Web.Features.Programme.Exports;

/// <summary>
/// A table to hand over as a file: CSV (UTF-8 without BOM, RFC 4180, formula-like text escaped with a quote) or Excel
/// (.xlsx, one sheet, header row in bold and frozen, every cell text so nothing is turned into a date or formula).
/// </summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public const string CsvContentType = "text/csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public byte[] ToCsv()
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteHeader(Header.ToArray());
            foreach (var row in Rows) csv.WriteRecord(row.ToArray());
            csv.Flush();
        }
        return stream.ToArray();
    }

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
