using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace GrantAdmin.Tests.Support;

/// <summary>Reads a letter (PDF) back as text with PdfPig, lines kept apart, non-breaking spaces as spaces.</summary>
public static class Letters
{
    /// <summary>The text of the one PDF attached to <paramref name="mail"/>.</summary>
    public static async Task<string> TextAsync(MimeKit.MimeMessage mail)
    {
        var letter = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        using var bytes = new MemoryStream();
        await letter.Content.DecodeToAsync(bytes);
        return Text(bytes.ToArray());
    }

    public static string Text(byte[] content)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(content);
        return string.Join("\n", pdf.GetPages().Select(p => ContentOrderTextExtractor.GetText(p))).Replace('\u00a0', ' ');
    }
}
