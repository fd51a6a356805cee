using System.IO.Compression;
using System.Text;

namespace GrantAdmin.Tests.Support;

/// <summary>
/// Minimal but structurally real office documents, built in memory: a DOCX (OPC package with
/// [Content_Types].xml and word/document.xml) and OpenDocument files (a first, stored "mimetype" entry).
/// </summary>
public static class PlanDocuments
{
    public const string OdtMimeType = "application/vnd.oasis.opendocument.text";
    public const string OdsMimeType = "application/vnd.oasis.opendocument.spreadsheet";

    public sealed record Entry(string Name, string Text, CompressionLevel Level = CompressionLevel.Optimal);

    public static byte[] Zip(params Entry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry.Name, entry.Level).Open(), new UTF8Encoding(false));
                writer.Write(entry.Text);
            }
        return buffer.ToArray();
    }

    public static byte[] Docx(string text = "Projectplan") => Zip(
        new("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
              <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
              <Default Extension="xml" ContentType="application/xml"/>
              <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
            </Types>
            """),
        new("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
            </Relationships>
            """),
        new("word/document.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
              <w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>
            </w:document>
            """));

    public static byte[] Odt(string text = "Projectplan") => OpenDocument(OdtMimeType, "text", $"<text:p>{text}</text:p>");

    public static byte[] Ods() => OpenDocument(OdsMimeType, "spreadsheet", "<table:table table:name=\"Begroting\"/>");

    private static byte[] OpenDocument(string mimeType, string body, string content) => Zip(
        new("mimetype", mimeType, CompressionLevel.NoCompression),
        new("META-INF/manifest.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
              <manifest:file-entry manifest:full-path="/" manifest:media-type="{mimeType}"/>
              <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
            </manifest:manifest>
            """),
        new("content.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
              xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
              <office:body><office:{body}>{content}</office:{body}></office:body>
            </office:document-content>
            """));
}
