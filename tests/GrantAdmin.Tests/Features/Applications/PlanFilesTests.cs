using CsCheck;
using GrantAdmin.Web.Features.Applications;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>The plan's stored name is safe and ends in what it really is; its hash is SHA-256 (recognition: PlanInspectionTests).</summary>
public sealed class PlanFilesTests
{
    [Theory]
    [InlineData(PlanFormat.Pdf, ".pdf", "application/pdf")]
    [InlineData(PlanFormat.Docx, ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData(PlanFormat.Odt, ".odt", "application/vnd.oasis.opendocument.text")]
    public void ExtensionAndContentType_PerFormat(PlanFormat format, string extension, string contentType)
    {
        Assert.Equal(extension, PlanFiles.Extension(format));
        Assert.Equal(contentType, PlanFiles.ContentType(format));
    }

    // ---- SafeFileName ----

    [Theory]
    [InlineData("plan.pdf", PlanFormat.Pdf, "plan.pdf")]
    [InlineData("C:\\Users\\jan\\Documents\\plan.pdf", PlanFormat.Pdf, "plan.pdf")]
    [InlineData("/home/jan/plan.pdf", PlanFormat.Pdf, "plan.pdf")]
    [InlineData("../../etc/passwd", PlanFormat.Pdf, "passwd.pdf")]
    [InlineData("..\\..\\web.config", PlanFormat.Odt, "web.odt")]
    [InlineData("..", PlanFormat.Pdf, "projectplan.pdf")]
    [InlineData("...pdf", PlanFormat.Pdf, "projectplan.pdf")]
    [InlineData("", PlanFormat.Docx, "projectplan.docx")]
    [InlineData(null, PlanFormat.Odt, "projectplan.odt")]
    [InlineData("plan.pdf", PlanFormat.Docx, "plan.docx")]          // the content is a DOCX, whatever the name claims
    [InlineData("plan.docx.exe", PlanFormat.Pdf, "plan docx.pdf")]
    [InlineData("plan\u0000\u0007.pdf", PlanFormat.Pdf, "plan.pdf")]
    [InlineData("pl\tan\r\nA.pdf", PlanFormat.Pdf, "pl_an__A.pdf")]
    [InlineData("a:b*c?d\"e<f>g|h.pdf", PlanFormat.Pdf, "a_b_c_d_e_f_g_h.pdf")]
    [InlineData("Projectplan Súdwest-Fryslân (definitief).odt", PlanFormat.Odt, "Projectplan Súdwest-Fryslân (definitief).odt")]
    [InlineData("Plan café ëën.pdf", PlanFormat.Pdf, "Plan café ëën.pdf")]
    [InlineData("  plan   versie   2 .pdf", PlanFormat.Pdf, "plan versie 2.pdf")]
    [InlineData("_ plan _.pdf", PlanFormat.Pdf, "plan.pdf")]
    [InlineData("- -.pdf", PlanFormat.Pdf, "projectplan.pdf")]
    public void SafeFileName_BaseNameCleanedWithRealExtension(string? uploaded, PlanFormat format, string expected) =>
        Assert.Equal(expected, PlanFiles.SafeFileName(uploaded, format));

    [Fact]
    public void SafeFileName_DecomposedAccents_Composed() =>
        Assert.Equal("caf\u00e9.pdf", PlanFiles.SafeFileName("cafe\u0301.pdf", PlanFormat.Pdf));

    [Fact]
    public void SafeFileName_LongName_CutTo100CharactersPlusExtension()
    {
        var name = PlanFiles.SafeFileName(new string('x', 300) + ".pdf", PlanFormat.Docx);
        Assert.Equal(new string('x', 100) + ".docx", name);
    }

    [Fact]
    public void SafeFileName_AnyName_NoSeparatorsOrControlsEndsInExtensionAtMost105() =>
        Gen.Select(Gen.String[0, 300], Gen.OneOf(PlanFormat.Pdf, PlanFormat.Docx, PlanFormat.Odt)).Sample((uploaded, format) =>
        {
            var name = PlanFiles.SafeFileName(uploaded, format);
            Assert.DoesNotContain(name, c => c is '/' or '\\' or ':' || char.IsControl(c) || char.IsSurrogate(c));
            Assert.EndsWith(PlanFiles.Extension(format), name, StringComparison.Ordinal);
            Assert.True(name.Length <= 105, $"{name.Length} characters");
            var stem = name[..^PlanFiles.Extension(format).Length];
            Assert.True(stem.Length > 0 && !char.IsWhiteSpace(stem[0]) && !char.IsWhiteSpace(stem[^1]), $"stem '{stem}'");
        });

    [Fact]
    public void SafeFileName_AnyPathLikeName_KeepsOnlyTheLastSegment() =>
        Gen.Select(Gen.Char["abcxyz/\\."].Array[0, 40], Gen.Char['a', 'z'].Array[1, 20]).Sample((folders, stem) =>
        {
            var last = new string(stem);
            Assert.Equal(last + ".pdf", PlanFiles.SafeFileName(new string(folders) + "/" + last + ".pdf", PlanFormat.Pdf));
        });

    // ---- hash ----

    [Fact]
    public void Sha256_Abc_KnownVector() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PlanFiles.Sha256("abc"u8.ToArray()));

    [Fact]
    public void Sha256_Empty_KnownVector() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", PlanFiles.Sha256([]));
}
