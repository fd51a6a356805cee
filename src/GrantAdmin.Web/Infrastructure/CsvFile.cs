using CsvHelper;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Every CSV the system hands over: UTF-8 without BOM, RFC 4180, formula-like text escaped with a quote, and no bidi
/// controls (a spreadsheet would show the text reordered).
/// </summary>
public static class CsvFile
{
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteHeader(header.ToArray());
            foreach (var row in rows) csv.WriteRecord(row.Select(BidiControls.Strip).ToArray()!);
            csv.Flush();
        }
        return stream.ToArray();
    }
}
