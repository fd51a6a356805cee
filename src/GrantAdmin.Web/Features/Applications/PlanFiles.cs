using GrantAdmin.Web.Infrastructure.Writes;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Applications;

public enum PlanFormat { Pdf, Docx, Odt }

/// <summary>The project plan: recognised by its content, named safely, hashed, and stored as a version.</summary>
public static class PlanFiles
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private const string OdtMimeType = "application/vnd.oasis.opendocument.text";

    /// <summary>What the bytes are, whatever the name or declared type says; null when not PDF, DOCX or ODT.</summary>
    public static PlanFormat? Detect(byte[] content)
    {
        if (content.AsSpan().StartsWith(PdfMagic)) return PlanFormat.Pdf;
        if (content.Length < 4 || content[0] != 'P' || content[1] != 'K') return null;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            // ODF puts an uncompressed "mimetype" entry first that names the document type.
            var mimetype = zip.GetEntry("mimetype");
            if (mimetype is not null)
            {
                // Read no more than a mimetype can be: the entry may be compressed and inflate to gigabytes.
                using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
                var buffer = new char[OdtMimeType.Length + 2];
                return new string(buffer, 0, reader.ReadBlock(buffer)).Trim() == OdtMimeType ? PlanFormat.Odt : null;
            }
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("word/document.xml") is not null ? PlanFormat.Docx : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public static string Extension(PlanFormat format) => format switch
    {
        PlanFormat.Pdf => ".pdf",
        PlanFormat.Docx => ".docx",
        PlanFormat.Odt => ".odt",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string ContentType(PlanFormat format) => format switch
    {
        PlanFormat.Pdf => "application/pdf",
        PlanFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        PlanFormat.Odt => OdtMimeType,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>
    /// The base name only (no folders), letters, digits and a few harmless marks, at most 100 characters,
    /// ending in the extension of what the content really is.
    /// </summary>
    public static string SafeFileName(string? uploadedName, PlanFormat format)
    {
        var name = (uploadedName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Normalize(NormalizationForm.FormC);
        var stem = Path.GetFileNameWithoutExtension(name);
        var kept = new StringBuilder();
        foreach (var c in stem)
            kept.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '(' or ')' ? c : c is ' ' or '.' ? ' ' : '_');
        var clean = string.Join(' ', kept.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('_', '-', ' ');
        if (clean.Length == 0) clean = "projectplan";
        if (clean.Length > 100) clean = clean[..100].TrimEnd();
        return clean + Extension(format);
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string DescribeSize(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:0.0} MB" : $"{Math.Max(1, bytes / 1024)} kB";
}

/// <summary>Stores an uploaded plan as a staged version: part of no application until a draft save takes it.</summary>
public sealed class PlanUpload(Db db, TimeProvider clock, IConfiguration configuration)
{
    public long MaxBytes => configuration.GetValue("Plans:MaxBytes", 20L * 1024 * 1024);

    internal const string InsertSql = """
        INSERT INTO plan_files (municipality_id, application_id, file_name, format, size_bytes, sha256, content, uploaded_at_utc, uploaded_by_user_id)
        VALUES (@municipalityId, NULL, @fileName, @format, @size, @sha256, @content, @now, @userId)
        """;

    public async Task<Outcome<int>> StageAsync(IFormFile file, int municipalityId, int userId, CancellationToken ct)
    {
        const string field = "Plan";
        if (file.Length == 0) return Outcome<int>.Fail(field, "Het gekozen bestand is leeg. Kies het projectplan opnieuw.");
        if (file.Length > MaxBytes)
            return Outcome<int>.Fail(field, $"Het projectplan is groter dan {MaxBytes / 1024 / 1024} MB. Verklein het bestand, bijvoorbeeld door afbeeldingen te comprimeren.");
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        if (PlanFiles.Detect(content) is not { } format)
            return Outcome<int>.Fail(field, "Het projectplan moet een PDF-, DOCX- of ODT-bestand zijn. Dit bestand is dat niet (de inhoud telt, niet de naam).");

        var id = await db.WriteAsync(w => w.InsertAsync(InsertSql, new
        {
            municipalityId, fileName = PlanFiles.SafeFileName(file.FileName, format), format = format.ToString(),
            size = (long)content.Length, sha256 = PlanFiles.Sha256(content), content, now = clock.GetUtcNow().UtcDateTime, userId,
        }, ct), ct);
        return Outcome<int>.Ok(id);
    }
}

/// <summary>
/// Removes uploads that no draft save ever took (the form was abandoned with errors) once they are a day old.
/// Plans that belong to an application are never removed.
/// </summary>
public sealed class PurgeStagedPlansJob(Db db, TimeProvider clock)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    internal const string PurgeSql = "DELETE FROM plan_files WHERE application_id IS NULL AND uploaded_at_utc < @before";

    public Task<int> ExecuteAsync(CancellationToken ct) =>
        db.WriteAsync(w => w.Tx.ExecuteAsync(PurgeSql, new { before = clock.GetUtcNow().UtcDateTime - KeepFor }, ct), ct);
}
