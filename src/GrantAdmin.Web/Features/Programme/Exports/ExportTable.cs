using System.Text;
using GrantAdmin.Web.Infrastructure;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace GrantAdmin.Web.Features.Programme.Exports;

/// <summary>
/// A table to hand over as a file: CSV (<see cref="CsvFile.Dialect.Spreadsheet"/>: UTF-8 with BOM, <c>;</c>, formula-like text
/// escaped with a quote) or Excel
/// (.xlsx, one sheet, header row in bold and frozen, every cell text so nothing is turned into a date or formula).
/// </summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public const string CsvContentType = "text/csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The cells without bidi controls, whichever format they are written to.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; } = [.. Rows.Select(row => (IReadOnlyList<string>)[.. row.Select(cell => BidiControls.Strip(cell))])];

    public byte[] ToCsv() => CsvFile.Write(Header, Rows, CsvFile.Dialect.Spreadsheet);

    /// <summary>Excel refuses to open a file with a longer cell; the CSV export has no such limit.</summary>
    public const int MaxCellLength = 32_767;

    /// <summary>Ends a cell that was cut to <see cref="MaxCellLength"/>, so a reader sees that text is missing and where to find it.</summary>
    public const string TruncatedMarker = " … [afgekapt: de volledige tekst staat in de CSV-export]";

    public async Task<byte[]> ToXlsxAsync(CancellationToken ct)
    {
        using var stream = new MemoryStream();
        await using (var spreadsheet = await Spreadsheet.CreateNewAsync(stream, cancellationToken: ct))
        {
            await spreadsheet.StartWorksheetAsync(Name.Length > 31 ? Name[..31] : Name, new WorksheetOptions { FrozenRows = 1 }, ct);
            var bold = spreadsheet.AddStyle(new Style { Font = { Bold = true } });
            await spreadsheet.AddRowAsync(Header.Select(h => new Cell(XlsxText(h), bold)).ToArray(), ct);
            foreach (var row in Rows)
                await spreadsheet.AddRowAsync(row.Select(value => new Cell(XlsxText(value))).ToArray(), ct);
            await spreadsheet.FinishAsync(ct);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A value as an Excel cell can hold it: characters XML 1.0 forbids (C0 controls, lone surrogates) become U+FFFD, and
    /// text beyond <see cref="MaxCellLength"/> is cut with <see cref="TruncatedMarker"/>, never splitting a surrogate pair.
    /// </summary>
    public static string XlsxText(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) text.Append(c).Append(value[++i]);
            else if (char.IsSurrogate(c) || c is < ' ' and not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF') text.Append('\uFFFD');
            else text.Append(c);
        }
        if (text.Length <= MaxCellLength) return text.ToString();
        var keep = MaxCellLength - TruncatedMarker.Length;
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        return text.ToString(0, keep) + TruncatedMarker;
    }
}
