using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>
/// A DOCX or ODT plan: a zip package opened within limits. The entry count is read from the end record before the
/// central directory is loaded; every entry is inflated through a counter with a hard cap (the sizes a zip declares
/// are not trusted); every XML part must parse (without DTDs); the package must be a Word or OpenDocument text
/// document without macros and without parts fetched from elsewhere.
/// </summary>
internal static class PackagePlan
{
    private const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    private const string WordMacroMain = "application/vnd.ms-word.document.macroEnabled.main+xml";
    private const string ManifestNamespace = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
    private const string PackageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string XlinkNamespace = "http://www.w3.org/1999/xlink";

    internal const string Damaged = "Het projectplan kan niet worden geopend: het bestand is beschadigd of onvolledig. Sla het opnieuw op en kies het opnieuw.";
    internal const string Encrypted = "Het projectplan is met een wachtwoord beveiligd. Sla het op zonder wachtwoord en kies het opnieuw.";
    internal const string DuplicateNames = "Het projectplan is geen geldig document: het bevat twee onderdelen met dezelfde naam. Sla het opnieuw op en kies het opnieuw.";
    internal const string Macros = "Het projectplan bevat macro's of andere uitvoerbare onderdelen. Sla het op als gewoon document zonder macro's (.docx of .odt) en kies het opnieuw.";
    internal const string External = "Het projectplan haalt inhoud van buiten het document op (een gekoppeld sjabloon, plaatje of object). Neem die inhoud op in het document zelf of verwijder de koppeling, en kies het opnieuw.";

    internal static string TooManyEntries(int max) =>
        $"Het projectplan bestaat uit te veel onderdelen (meer dan {max}). Sla het opnieuw op, bijvoorbeeld als PDF, en kies het opnieuw.";

    internal static string TooLarge(long maxBytes) =>
        $"Het projectplan wordt bij het openen groter dan {maxBytes / 1024 / 1024} MB. Zo'n bestand nemen we niet aan; sla het opnieuw op, bijvoorbeeld als PDF.";

    internal static string BrokenPart(string part) =>
        $"Het projectplan is geen geldig document: het onderdeel '{part}' ontbreekt of is beschadigd. Sla het opnieuw op en kies het opnieuw.";

    private sealed class Refused(string message) : Exception(message);

    public static PlanCheck Inspect(byte[] content, PlanLimits limits)
    {
        if (EndRecord(content) is not { } end) return PlanCheck.Refuse(Damaged);
        // Minimal central-directory records are 46 bytes plus the name: a directory far larger than the entries it claims is lying.
        if (end.Entries > (ulong)limits.MaxEntries || end.DirectorySize > (ulong)limits.MaxEntries * 1024)
            return PlanCheck.Refuse(TooManyEntries(limits.MaxEntries));
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in zip.Entries)
            {
                if (entry.IsEncrypted) return PlanCheck.Refuse(Encrypted);
                if (!names.Add(entry.FullName.TrimStart('/'))) return PlanCheck.Refuse(DuplicateNames);
            }
            var budget = new Budget(limits.MaxUncompressedBytes);
            if (zip.GetEntry("mimetype") is { } mimetype) return OpenDocument(zip, mimetype, budget);
            if (zip.GetEntry("[Content_Types].xml") is not null) return Word(zip, budget);
            return PlanCheck.Refuse(PlanInspection.NotAPlan);
        }
        catch (Refused refused)
        {
            return PlanCheck.Refuse(refused.Message);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            // Corrupt deflate data, an unknown compression method, a header pointing past the end.
            return PlanCheck.Refuse(Damaged);
        }
    }

    /// <summary>True when the bytes end in a zip central directory (a PDF that is also a zip archive).</summary>
    public static bool HasCentralDirectory(byte[] content) =>
        EndRecord(content) is { } end && end.DirectoryOffset < (ulong)content.Length
        && content.AsSpan((int)end.DirectoryOffset).StartsWith("PK\u0001\u0002"u8);

    private sealed record End(ulong Entries, ulong DirectorySize, ulong DirectoryOffset);

    /// <summary>The end-of-central-directory record (zip64 when the classic one overflows), read without loading the directory.</summary>
    private static End? EndRecord(byte[] content)
    {
        var span = content.AsSpan();
        var searchFrom = Math.Max(0, span.Length - 22 - ushort.MaxValue);
        var at = span[searchFrom..].LastIndexOf("PK\u0005\u0006"u8);
        if (at < 0 || searchFrom + at + 22 > span.Length) return null;
        var record = span.Slice(searchFrom + at, 22);
        ulong entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        ulong size = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        ulong offset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        var locatorAt = searchFrom + at - 20;
        if ((entries == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue) && locatorAt >= 0
            && span[locatorAt..].StartsWith("PK\u0006\u0007"u8))
        {
            var zip64At = BinaryPrimitives.ReadUInt64LittleEndian(span[(locatorAt + 8)..]);
            if (span.Length < 56 || zip64At > (ulong)(span.Length - 56) || !span[(int)zip64At..].StartsWith("PK\u0006\u0006"u8)) return null;
            var zip64 = span.Slice((int)zip64At, 56);
            (entries, size, offset) = (BinaryPrimitives.ReadUInt64LittleEndian(zip64[32..]), BinaryPrimitives.ReadUInt64LittleEndian(zip64[40..]),
                BinaryPrimitives.ReadUInt64LittleEndian(zip64[48..]));
        }
        return new End(entries, size, offset);
    }

    private static PlanCheck Word(ZipArchive zip, Budget budget)
    {
        var parts = ReadAll(zip, budget, element: null);
        var types = parts.GetValueOrDefault("[Content_Types].xml") ?? throw new Refused(BrokenPart("[Content_Types].xml"));
        XNamespace ct = "http://schemas.openxmlformats.org/package/2006/content-types";
        var defaults = ContentTypes(types.Root!.Elements(ct + "Default"), "Extension");
        var overrides = ContentTypes(types.Root.Elements(ct + "Override"), "PartName");
        string? ContentTypeOf(string part) => overrides.GetValueOrDefault(part) ?? defaults.GetValueOrDefault(Path.GetExtension(part).TrimStart('.'));

        var relationships = parts.Where(p => p.Key.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Root!.Elements(XName.Get("Relationship", PackageRelationshipsNamespace))).ToList();
        if (zip.Entries.Any(e => e.Name.Equals("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || e.FullName.Contains("activeX/", StringComparison.OrdinalIgnoreCase))
            || overrides.Values.Concat(defaults.Values).Any(t => t is not null && (t.Contains("vbaProject", StringComparison.OrdinalIgnoreCase) || t.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase)))
            || relationships.Any(r => ((string?)r.Attribute("Type") ?? "").EndsWith("/vbaProject", StringComparison.Ordinal)))
            return PlanCheck.Refuse(Macros);
        // A hyperlink is followed only when the reader clicks it; any other external target (a template, an image, an OLE object) is fetched on opening.
        if (relationships.Any(r => (string?)r.Attribute("TargetMode") == "External" && !((string?)r.Attribute("Type") ?? "").EndsWith("/hyperlink", StringComparison.Ordinal)))
            return PlanCheck.Refuse(External);

        var main = parts.GetValueOrDefault("_rels/.rels")?.Root?.Elements(XName.Get("Relationship", PackageRelationshipsNamespace))
            .FirstOrDefault(r => ((string?)r.Attribute("Type") ?? "").EndsWith("/officeDocument", StringComparison.Ordinal));
        var mainPart = ((string?)main?.Attribute("Target"))?.TrimStart('/');
        if (mainPart is null || zip.GetEntry(mainPart) is null) return PlanCheck.Refuse(BrokenPart("word/document.xml"));
        return ContentTypeOf(mainPart) switch
        {
            WordMain => PlanCheck.Accept(PlanFormat.Docx),
            WordMacroMain => PlanCheck.Refuse(Macros),
            _ => PlanCheck.Refuse(PlanInspection.NotAPlan),
        };
    }

    // Extension or part name (case-insensitive, as OPC compares them) to content type; naming one twice makes the package invalid.
    private static Dictionary<string, string?> ContentTypes(IEnumerable<XElement> elements, string key)
    {
        var map = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in elements)
            if (!map.TryAdd(((string?)element.Attribute(key) ?? "").TrimStart('/'), (string?)element.Attribute("ContentType")))
                throw new Refused(BrokenPart("[Content_Types].xml"));
        return map;
    }

    private static PlanCheck OpenDocument(ZipArchive zip, ZipArchiveEntry mimetype, Budget budget)
    {
        // Read no more than a mimetype can be: the entry may be compressed and inflate to gigabytes.
        using (var reader = new StreamReader(budget.Open(mimetype), Encoding.ASCII))
        {
            var buffer = new char[PlanFiles.OdtMimeType.Length + 2];
            if (new string(buffer, 0, reader.ReadBlock(buffer)).Trim() != PlanFiles.OdtMimeType) return PlanCheck.Refuse(PlanInspection.NotAPlan);
        }
        if (zip.Entries.Any(e => e.FullName.StartsWith("Basic/", StringComparison.OrdinalIgnoreCase) || e.FullName.StartsWith("Scripts/", StringComparison.OrdinalIgnoreCase)))
            return PlanCheck.Refuse(Macros);
        string? refusal = null;
        var parts = ReadAll(zip, budget, element =>
        {
            // Event listeners run macros (the document's own or the office suite's) on opening, saving or clicking.
            if (element.LocalName == "event-listener") refusal ??= Macros;
            // Images, objects and sections named by a URL or a path outside the package are fetched on opening.
            else if (element.GetAttribute("href", XlinkNamespace) is { } href && element.LocalName is "image" or "object" or "object-ole" or "plugin" or "applet" or "section-source" or "floating-frame"
                && (href.Contains(':') || href.StartsWith("../", StringComparison.Ordinal) || href.StartsWith('/')))
                refusal ??= External;
        });
        if (refusal is not null) return PlanCheck.Refuse(refusal);
        var manifest = parts.GetValueOrDefault("META-INF/manifest.xml") ?? throw new Refused(BrokenPart("META-INF/manifest.xml"));
        if (manifest.Descendants(XName.Get("encryption-data", ManifestNamespace)).Any()) return PlanCheck.Refuse(Encrypted);
        var root = manifest.Descendants(XName.Get("file-entry", ManifestNamespace)).FirstOrDefault(e => (string?)e.Attribute(XName.Get("full-path", ManifestNamespace)) == "/");
        if ((string?)root?.Attribute(XName.Get("media-type", ManifestNamespace)) != PlanFiles.OdtMimeType) return PlanCheck.Refuse(BrokenPart("META-INF/manifest.xml"));
        if (zip.GetEntry("content.xml") is null) return PlanCheck.Refuse(BrokenPart("content.xml"));
        return PlanCheck.Accept(PlanFormat.Odt);
    }

    // The parts a check reads as a whole (small by nature); every other XML part is only parsed through.
    private static readonly HashSet<string> KeptParts = new(StringComparer.OrdinalIgnoreCase) { "[Content_Types].xml", "META-INF/manifest.xml" };

    /// <summary>
    /// Inflates every entry through the budget and parses every XML part (.xml, .rels), calling <paramref name="element"/>
    /// for each element of the parts it does not keep; returns the kept parts and the relationship parts, whole.
    /// </summary>
    private static Dictionary<string, XDocument> ReadAll(ZipArchive zip, Budget budget, Action<XmlReader>? element)
    {
        var kept = new Dictionary<string, XDocument>(StringComparer.OrdinalIgnoreCase);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/')) continue;
            using var stream = budget.Open(entry);
            var isXml = entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);
            if (!isXml)
            {
                stream.CopyTo(Stream.Null);
                continue;
            }
            try
            {
                using var reader = XmlReader.Create(stream, settings);
                if (KeptParts.Contains(entry.FullName) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                    kept[entry.FullName] = XDocument.Load(reader);
                else
                    while (reader.Read())
                        if (reader.NodeType == XmlNodeType.Element) element?.Invoke(reader);
            }
            catch (XmlException)
            {
                throw new Refused(BrokenPart(entry.FullName));
            }
        }
        return kept;
    }

    /// <summary>
    /// The bytes all entries together may inflate to, counted as they come out of the decompressor. An entry read to
    /// its end must match its CRC-32: the reader stops at the declared size, so a bomb declaring a small size would
    /// otherwise pass here and inflate in full in the reviewer's office suite.
    /// </summary>
    private sealed class Budget(long maxBytes)
    {
        private readonly long max = maxBytes;
        private long left = maxBytes;

        public Stream Open(ZipArchiveEntry entry) => new Counted(entry.Open(), entry.Crc32, this);

        private void Spend(int bytes)
        {
            left -= bytes;
            if (left < 0) throw new Refused(TooLarge(max));
        }

        private sealed class Counted(Stream inner, uint crc32, Budget budget) : Stream
        {
            private readonly System.IO.Hashing.Crc32 crc = new();

            public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

            public override int Read(Span<byte> buffer)
            {
                var read = inner.Read(buffer);
                budget.Spend(read);
                crc.Append(buffer[..read]);
                if (read == 0 && buffer.Length > 0 && crc.GetCurrentHashAsUInt32() != crc32) throw new Refused(Damaged);
                return read;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
