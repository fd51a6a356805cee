using GrantAdmin.Web.Infrastructure.Writes;
using System.Security.Cryptography;
using System.Text;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Applications;

public enum PlanFormat { Pdf, Docx, Odt }

/// <summary>The project plan: recognised by its content, named safely, hashed, and stored as a version.</summary>
public static class PlanFiles
{
    internal const string OdtMimeType = "application/vnd.oasis.opendocument.text";

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

    /// <summary>The application's current plan becomes part of a receipt (submission or supplement): the office's to read from then on.</summary>
    internal const string MarkReceivedSql = """
        UPDATE plan_files SET received_at_utc = @moment
        WHERE id = (SELECT current_plan_id FROM applications WHERE id = @applicationId) AND received_at_utc IS NULL
        """;

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string DescribeSize(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:0.0} MB" : $"{Math.Max(1, bytes / 1024)} kB";
}

/// <summary>
/// Stores an uploaded plan as a staged version: part of no application until a draft save takes it. Only a plan that
/// passes <see cref="PlanInspection"/> is stored, and staged plans are bounded per user and per gemeente (settings
/// Plans:StagedMaxBytesPerUser and Plans:StagedMaxBytesPerMunicipality) until a save takes them or the purge removes them.
/// </summary>
public sealed class PlanUpload(Db db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PlanSettings> options)
{
    private PlanSettings Settings => options.Value;
    public long MaxBytes => Settings.MaxBytes;
    public long StagedMaxBytesPerUser => Settings.StagedMaxBytesPerUser;
    public long StagedMaxBytesPerMunicipality => Settings.StagedMaxBytesPerMunicipality;

    internal const string InsertSql = """
        INSERT INTO plan_files (municipality_id, application_id, file_name, format, size_bytes, sha256, content, uploaded_at_utc, uploaded_by_user_id)
        VALUES (@municipalityId, NULL, @fileName, @format, @size, @sha256, @content, @now, @userId)
        """;

    // Locks the gemeente's row to the end of the transaction (SQL Server), so two uploads cannot both pass the quota
    // on the same sums; SQLite's write transaction already holds the database lock.
    internal const string LockMunicipalitySql = "UPDATE municipalities SET name = name WHERE id = @municipalityId";

    // The upload this form carried before is superseded by the new one: only when it is still staged and the same user's.
    internal const string DropSupersededSql = """
        DELETE FROM plan_files WHERE id = @supersededId AND application_id IS NULL AND uploaded_by_user_id = @userId AND municipality_id = @municipalityId
        """;

    internal const string StagedBytesSql = """
        SELECT COALESCE(SUM(CASE WHEN uploaded_by_user_id = @userId THEN size_bytes ELSE 0 END), 0) AS ByUser,
               COALESCE(SUM(size_bytes), 0) AS ByMunicipality
        FROM plan_files WHERE application_id IS NULL AND municipality_id = @municipalityId
        """;

    private sealed record StagedBytes(long ByUser, long ByMunicipality);

    /// <param name="supersededId">The staged plan the form carried, which this upload replaces (removed when stored).</param>
    public async Task<Outcome<int>> StageAsync(IFormFile file, int municipalityId, int userId, int? supersededId, CancellationToken ct)
    {
        const string field = "Plan";
        if (file.Length == 0) return Outcome<int>.Fail(field, "Het gekozen bestand is leeg. Kies het projectplan opnieuw.");
        if (file.Length > MaxBytes)
            return Outcome<int>.Fail(field, $"Het projectplan is groter dan {MaxBytes / 1024 / 1024} MB. Verklein het bestand, bijvoorbeeld door afbeeldingen te comprimeren.");
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        var check = PlanInspection.Inspect(content, PlanLimits.From(Settings));
        if (check is not { Format: { } format }) return Outcome<int>.Fail(field, check.Refusal!);

        return await db.TryWriteAsync(async w =>
        {
            await w.Tx.ExecuteAsync(LockMunicipalitySql, new { municipalityId }, ct);
            if (supersededId is { } superseded) await w.Tx.ExecuteAsync(DropSupersededSql, new { supersededId = superseded, userId, municipalityId }, ct);
            var staged = await w.Tx.QuerySingleAsync<StagedBytes>(StagedBytesSql, new { userId, municipalityId }, ct);
            if (staged.ByUser + content.Length > StagedMaxBytesPerUser)
                return Outcome<int>.Fail(field, $"U hebt al {PlanFiles.DescribeSize(staged.ByUser)} aan projectplannen geüpload die nog in geen opgeslagen concept staan; "
                    + $"meer dan {StagedMaxBytesPerUser / 1024 / 1024} MB bewaren we niet. Sla eerst uw concept op met het plan dat u al koos, of probeer het morgen opnieuw.");
            if (staged.ByMunicipality + content.Length > StagedMaxBytesPerMunicipality)
                return Outcome<int>.Fail(field, $"Uw gemeente heeft al {PlanFiles.DescribeSize(staged.ByMunicipality)} aan projectplannen geüpload die nog in geen opgeslagen concept staan; "
                    + $"meer dan {StagedMaxBytesPerMunicipality / 1024 / 1024} MB bewaren we niet. Sla eerst de openstaande concepten op, of probeer het morgen opnieuw.");
            return Outcome<int>.Ok(await w.InsertAsync(InsertSql, new
            {
                municipalityId, fileName = PlanFiles.SafeFileName(file.FileName, format), format = format.ToString(),
                size = (long)content.Length, sha256 = PlanFiles.Sha256(content), content, now = clock.GetUtcNow().UtcDateTime, userId,
            }, ct));
        }, ct);
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
