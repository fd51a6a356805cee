using CsvHelper;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Every CSV the system hands over: RFC 4180 quoting, formula-like text escaped with a quote, and no bidi controls (a
/// spreadsheet would show the text reordered). Two dialects, because a file is read either by a person or by a system.
/// </summary>
public static class CsvFile
{
    public enum Dialect
    {
        /// <summary>
        /// For people: UTF-8 with BOM and <c>;</c>, so a Dutch Excel opens it by double-click with the accents intact and
        /// one value per column; LibreOffice, Numbers and CSV readers recognise the BOM and the separator as well.
        /// </summary>
        Spreadsheet,

        /// <summary>For a system with a fixed contract (the finance system's payment file): UTF-8 without BOM, comma.</summary>
        Rfc4180,
    }

    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, Dialect dialect)
    {
        var options = CsvWriterOptions.Default with
        {
            Injection = CsvInjection.Escape,
            Separator = dialect == Dialect.Spreadsheet ? ';' : ',',
            WriteByteOrderMark = dialect == Dialect.Spreadsheet,
        };
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            csv.WriteHeader(header.ToArray());
            foreach (var row in rows) csv.WriteRecord(row.Select(BidiControls.Strip).ToArray()!);
            csv.Flush();
        }
        return stream.ToArray();
    }
}
