using System.Data.Common;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Infrastructure.Mail;

namespace GrantAdmin.Web.Infrastructure.Writes;

/// <summary>
/// One open write transaction, handed out only by <see cref="Db"/>. It is the one path for audit rows and for mail
/// into the outbox, so both exist exactly when the change that causes them does. A change to a case needs the
/// round's lock as well: that is <see cref="CaseWrite"/>, which only <see cref="Db.TryCaseWriteAsync{T}"/> hands out.
/// </summary>
public class Write
{
    private readonly List<int> mailIds = [];

    internal Write(DbTransaction tx, SqlDialect dialect)
    {
        Tx = tx;
        Dialect = dialect;
    }

    public DbTransaction Tx { get; }
    public SqlDialect Dialect { get; }

    /// <summary>The outbox rows this transaction wrote; sent once it has committed.</summary>
    internal IReadOnlyList<int> MailIds => mailIds;

    /// <summary>
    /// The one audit INSERT (domain.md §5): the actor's role is read from the users table and an application's gemeente
    /// from the application, in the same statement. Rows are only ever inserted (see <see cref="AuditLog"/>).
    /// </summary>
    internal const string InsertAuditSql = """
        INSERT INTO audit_log (occurred_at_utc, user_id, actor_role, action, application_id, municipality_id, round_id, details, before_value, after_value)
        SELECT @now, @userId, (SELECT role FROM users WHERE id = @userId), @action, @applicationId,
               COALESCE(@municipalityId, (SELECT municipality_id FROM applications WHERE id = @applicationId)), @roundId, @details, @before, @after
        """;

    internal const string InsertMailSql = """
        INSERT INTO outbox_messages (created_at_utc, application_id, to_addresses, subject, body_text, attachment_kind, status, attempts, next_attempt_at_utc)
        VALUES (@now, @applicationId, @to, @subject, @body, @attachmentKind, 'Pending', 0, @now)
        """;

    public Task AuditAsync(DateTime nowUtc, AuditLog.Entry entry, CancellationToken ct) =>
        Tx.ExecuteAsync(InsertAuditSql, new
        {
            now = nowUtc, userId = entry.UserId, action = entry.Action, applicationId = entry.ApplicationId, municipalityId = entry.MunicipalityId,
            roundId = entry.RoundId, details = AuditLog.Bounded(entry.Details), before = entry.Before, after = entry.After,
        }, ct);

    /// <summary>Puts the mail in the outbox; it is sent after the commit (and by the sweep should this process stop first).</summary>
    public async Task<int> EnqueueMailAsync(OutgoingMail mail, DateTime nowUtc, CancellationToken ct)
    {
        var id = await Tx.InsertAsync(Dialect, InsertMailSql, new
        {
            now = nowUtc, applicationId = mail.ApplicationId,
            to = string.Join(";", mail.To.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim().ToLowerInvariant()).Distinct()),
            subject = mail.Subject, body = mail.BodyText, attachmentKind = mail.AttachmentKind,
        }, ct);
        mailIds.Add(id);
        return id;
    }
}
