using System.IO.Compression;
using System.Xml.Linq;

namespace GrantAdmin.Tests.Support;

/// <summary>Reads an .xlsx back as Excel would, from its XML parts: the first sheet's cell texts, row by row, and whether row 1 is frozen.</summary>
public sealed record Xlsx(IReadOnlyList<IReadOnlyList<string>> Rows, bool HeaderFrozen)
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static Xlsx Read(byte[] content)
    {
        using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
        XDocument Part(string name)
        {
            using var stream = (zip.GetEntry(name) ?? throw new InvalidDataException($"{name} is missing")).Open();
            return XDocument.Load(stream);
        }
        var shared = zip.GetEntry("xl/sharedStrings.xml") is null ? [] : Part("xl/sharedStrings.xml").Root!.Elements(Main + "si").Select(Text).ToList();
        var sheet = Part("xl/worksheets/sheet1.xml");
        var rows = sheet.Descendants(Main + "row").Select(row =>
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements(Main + "c"))
            {
                var column = cell.Attribute("r") is { } reference ? ColumnIndex(reference.Value) : cells.Count;
                while (cells.Count < column) cells.Add("");
                cells.Add((string?)cell.Attribute("t") switch
                {
                    "s" => shared[int.Parse(cell.Element(Main + "v")!.Value, System.Globalization.CultureInfo.InvariantCulture)],
                    "inlineStr" => Text(cell.Element(Main + "is")!),
                    _ => cell.Element(Main + "v")?.Value ?? "",
                });
            }
            return (IReadOnlyList<string>)cells;
        }).ToList();
        var pane = sheet.Descendants(Main + "pane").SingleOrDefault();
        return new Xlsx(rows, (string?)pane?.Attribute("state") == "frozen" && (string?)pane.Attribute("ySplit") == "1");
    }

    /// <summary>The data rows as column name → text, the first row giving the names.</summary>
    public IReadOnlyList<Dictionary<string, string>> Records() =>
        Rows.Skip(1).Select(r => Rows[0].Select((h, i) => (h, v: i < r.Count ? r[i] : "")).ToDictionary(x => x.h, x => x.v)).ToList();

    private static string Text(XElement container) => string.Concat(container.Descendants(Main + "t").Select(t => t.Value));

    private static int ColumnIndex(string reference) =>
        reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => n * 26 + (c - 'A' + 1)) - 1;
}
