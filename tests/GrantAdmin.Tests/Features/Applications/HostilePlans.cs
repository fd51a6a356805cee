using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>
/// The corpus of hostile and broken uploads, generated here: PDFs written as raw PDF text (objects plus a correct
/// xref), zips written byte by byte where the archive must lie or carry what <see cref="ZipArchive"/> cannot write.
/// </summary>
public static class HostilePlans
{
    /// <summary>A one-page PDF with <paramref name="catalogExtra"/> in its catalog and <paramref name="extraObjects"/> numbered from 6.</summary>
    public static byte[] Pdf(string catalogExtra = "", string pageExtra = "", string padding = "", params string[] extraObjects)
    {
        var stream = $"BT /F1 14 Tf 60 760 Td (Projectplan) Tj ET{padding}";
        string[] objects =
        [
            $"<< /Type /Catalog /Pages 2 0 R {catalogExtra} >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R {pageExtra} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream",
            .. extraObjects,
        ];
        return GrantAdmin.Web.Features.Demo.DemoData.PdfOf(objects, "1.7");
    }

    /// <summary>
    /// A PDF whose catalog opens with object 6, which sits deflated inside an object stream, found through an
    /// xref stream: nothing of it shows in the file's bytes.
    /// </summary>
    public static byte[] PdfWithCompressedObject(string hidden)
    {
        using var pdf = new MemoryStream();
        var offsets = new Dictionary<int, long>();
        void Write(string text) => pdf.Write(Encoding.Latin1.GetBytes(text));
        void Object(int number, string dictionary, byte[]? stream = null)
        {
            offsets[number] = pdf.Position;
            Write($"{number} 0 obj\n{dictionary}\n");
            if (stream is not null)
            {
                Write("stream\n");
                pdf.Write(stream);
                Write("\nendstream\n");
            }
            Write("endobj\n");
        }
        Write("%PDF-1.7\n");
        Object(1, "<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>");
        Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>");
        Object(4, "<< /Length 0 >>", []);
        var header = "6 0 ";
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(Encoding.Latin1.GetBytes(header + hidden));
        Object(7, $"<< /Type /ObjStm /N 1 /First {header.Length} /Filter /FlateDecode /Length {packed.Length} >>", packed.ToArray());
        var xrefAt = pdf.Position;
        offsets[8] = xrefAt;
        var rows = new MemoryStream();
        for (var n = 0; n <= 8; n++)
        {
            var (type, field2, field3) = n switch { 0 => (0, 0L, 65535), 5 => (0, 0L, 0), 6 => (2, 7L, 0), _ => (1, offsets[n], 0) };
            rows.WriteByte((byte)type);
            rows.Write([(byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2, (byte)(field3 >> 8), (byte)field3]);
        }
        Object(8, $"<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /Length {rows.Length} >>", rows.ToArray());
        Write($"startxref\n{xrefAt}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>A valid PDF of about <paramref name="bytes"/> bytes (the content stream padded with spaces).</summary>
    public static byte[] PdfOfSize(int bytes) => Pdf(padding: new string(' ', bytes - Pdf().Length));

    public sealed record RawEntry(string Name, byte[] Data, ushort Method = 0, uint Crc = 0, long DeclaredLength = -1, ushort Flags = 0);

    /// <summary>A zip written by hand: entries as given (sizes as declared), optionally after <paramref name="prefix"/> and with a comment.</summary>
    public static byte[] RawZip(IReadOnlyList<RawEntry> entries, byte[]? prefix = null, string comment = "", long? claimedEntries = null)
    {
        using var output = new MemoryStream();
        using var w = new BinaryWriter(output);
        w.Write(prefix ?? []);
        var offsets = new List<long>();
        foreach (var e in entries)
        {
            offsets.Add(output.Position);
            var name = Encoding.UTF8.GetBytes(e.Name);
            w.Write(0x04034b50u); w.Write((ushort)20); w.Write(e.Flags); w.Write(e.Method); w.Write(0u);
            w.Write(e.Crc); w.Write((uint)e.Data.Length); w.Write((uint)(e.DeclaredLength < 0 ? e.Data.Length : e.DeclaredLength));
            w.Write((ushort)name.Length); w.Write((ushort)0); w.Write(name); w.Write(e.Data);
        }
        var directoryAt = output.Position;
        foreach (var (e, i) in entries.Select((e, i) => (e, i)))
        {
            var name = Encoding.UTF8.GetBytes(e.Name);
            w.Write(0x02014b50u); w.Write((ushort)20); w.Write((ushort)20); w.Write(e.Flags); w.Write(e.Method); w.Write(0u);
            w.Write(e.Crc); w.Write((uint)e.Data.Length); w.Write((uint)(e.DeclaredLength < 0 ? e.Data.Length : e.DeclaredLength));
            w.Write((ushort)name.Length); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)0); w.Write(0u);
            w.Write((uint)offsets[i]); w.Write(name);
        }
        var directorySize = output.Position - directoryAt;
        var count = claimedEntries ?? entries.Count;
        if (count > ushort.MaxValue)
        {
            var zip64At = output.Position;
            w.Write(0x06064b50u); w.Write(44UL); w.Write((ushort)45); w.Write((ushort)45); w.Write(0u); w.Write(0u);
            w.Write((ulong)count); w.Write((ulong)count); w.Write((ulong)directorySize); w.Write((ulong)directoryAt);
            w.Write(0x07064b50u); w.Write(0u); w.Write((ulong)zip64At); w.Write(1u);
        }
        var commentBytes = Encoding.ASCII.GetBytes(comment);
        var classic = (ushort)Math.Min(count, ushort.MaxValue);
        w.Write(0x06054b50u); w.Write((ushort)0); w.Write((ushort)0); w.Write(classic); w.Write(classic);
        w.Write((uint)directorySize); w.Write((uint)directoryAt); w.Write((ushort)commentBytes.Length); w.Write(commentBytes);
        w.Flush();
        return output.ToArray();
    }

    /// <summary>The entries of a well-formed DOCX (as <see cref="Support.PlanDocuments.Docx"/>), stored uncompressed, to build on.</summary>
    public static List<RawEntry> DocxEntries()
    {
        using var zip = new ZipArchive(new MemoryStream(Support.PlanDocuments.Docx()), ZipArchiveMode.Read);
        return zip.Entries.Select(e =>
        {
            using var data = new MemoryStream();
            using (var s = e.Open()) s.CopyTo(data);
            return Stored(e.FullName, data.ToArray());
        }).ToList();
    }

    public static RawEntry Stored(string name, byte[] data) => new(name, data, Crc: System.IO.Hashing.Crc32.HashToUInt32(data));

    public static RawEntry Stored(string name, string text) => Stored(name, Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// A deflate stream of <paramref name="gib"/> GiB of zeros, without compressing that much: one sync-flushed block of
    /// 1 MiB of zeros decodes the same after any history of zeros, so it is repeated, then closed by an empty final block.
    /// </summary>
    public static byte[] DeflatedZeros(int gib)
    {
        using var block = new MemoryStream();
        byte[] chunk;
        using (var deflate = new DeflateStream(block, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(new byte[1024 * 1024]);
            deflate.Flush();
            chunk = block.ToArray(); // before disposing adds its own final block
        }
        var copies = gib * 1024;
        var bomb = new byte[chunk.Length * copies + 2];
        for (var i = 0; i < copies; i++) chunk.CopyTo(bomb, i * chunk.Length);
        bomb[^2] = 0x03; // BFINAL=1, fixed Huffman, end of block
        return bomb;
    }
}
