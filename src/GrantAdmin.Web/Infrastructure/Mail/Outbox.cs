using System.Data.Common;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Audit;
using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace GrantAdmin.Web.Infrastructure.Mail;

public sealed class MailSettings
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 1025;
    public string From { get; set; } = "GrantAdmin <noreply@grantadmin.example>";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>None for a local catcher; StartTls (or SslOnConnect) for a real relay.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.None;
}

public sealed class OutboxSettings
{
    public string SweepCron { get; set; } = "* * * * *";
    public int MaxAttempts { get; set; } = 8;
}

/// <summary>A mail to send, as written into the outbox by the change that causes it.</summary>
public sealed record OutgoingMail(IEnumerable<string> To, string Subject, string BodyText, string? AttachmentKind, int? ApplicationId);

/// <summary>The process boundary to the mail server (MailKit in production, a test double never needed: tests use a real SMTP peer).</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

public sealed class SmtpMailTransport(IOptions<MailSettings> settings) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var s = settings.Value;
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(s.Host, s.Port, s.Security, ct);
        if (!string.IsNullOrEmpty(s.UserName)) await client.AuthenticateAsync(s.UserName, s.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}

public static class Outbox
{
    internal const string InsertSql = """
        INSERT INTO outbox_messages (created_at_utc, application_id, to_addresses, subject, body_text, attachment_kind, status, attempts, next_attempt_at_utc)
        VALUES (@now, @applicationId, @to, @subject, @body, @attachmentKind, 'Pending', 0, @now)
        """;

    /// <summary>Writes the mail in the caller's transaction: it exists exactly when the change that causes it does.</summary>
    public static Task<int> EnqueueAsync(DbTransaction tx, SqlDialect dialect, OutgoingMail mail, DateTime nowUtc, CancellationToken ct) =>
        tx.InsertAsync(dialect, InsertSql, new
        {
            now = nowUtc, applicationId = mail.ApplicationId,
            to = string.Join(";", mail.To.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim().ToLowerInvariant()).Distinct()),
            subject = mail.Subject, body = mail.BodyText, attachmentKind = mail.AttachmentKind,
        }, ct);
}

/// <summary>
/// Sends outbox rows. A row is claimed with a lease before sending, so two workers (or web servers) never
/// send the same row; a failure leaves it pending with a later attempt time; the sweep retries what is due.
/// </summary>
public sealed class OutboxDispatcher(Db db, TimeProvider clock, IMailTransport transport, Documents documents,
    IOptions<MailSettings> mailSettings, IOptions<OutboxSettings> outboxSettings, ILogger<OutboxDispatcher> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    internal const string ClaimSql = """
        UPDATE outbox_messages SET claimed_until_utc = @until, attempts = attempts + 1
        WHERE id = @id AND status = 'Pending' AND next_attempt_at_utc <= @now
          AND (claimed_until_utc IS NULL OR claimed_until_utc < @now)
        """;

    internal const string LoadSql = """
        SELECT id, application_id AS ApplicationId, to_addresses AS ToAddresses, subject, body_text AS BodyText,
               attachment_kind AS AttachmentKind, attempts
        FROM outbox_messages WHERE id = @id
        """;

    internal const string SentSql = """
        UPDATE outbox_messages SET status = 'Sent', sent_at_utc = @now, claimed_until_utc = NULL, last_error = NULL WHERE id = @id
        """;

    internal const string FailedSql = """
        UPDATE outbox_messages SET status = @status, next_attempt_at_utc = @next, claimed_until_utc = NULL, last_error = @error WHERE id = @id
        """;

    internal const string DueSql = """
        SELECT id FROM outbox_messages
        WHERE status = 'Pending' AND next_attempt_at_utc <= @now AND (claimed_until_utc IS NULL OR claimed_until_utc < @now)
        ORDER BY id
        """;

    private sealed record Message(int Id, int? ApplicationId, string ToAddresses, string Subject, string BodyText, string? AttachmentKind, int Attempts);

    [AutomaticRetry(Attempts = 0)] // retries are ours: the row stays pending and the sweep picks it up
    public async Task SendAsync(int id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.WriteAsync((_, tx) => tx.ExecuteAsync(ClaimSql, new { id, now, until = now + Lease }, ct), ct);
        if (claimed == 0) return;
        var message = (await db.QuerySingleOrDefaultAsync<Message>(LoadSql, new { id }, ct))!;
        try
        {
            var mime = new MimeMessage();
            mime.From.Add(MailboxAddress.Parse(mailSettings.Value.From));
            foreach (var address in message.ToAddresses.Split(';', StringSplitOptions.RemoveEmptyEntries))
                mime.To.Add(MailboxAddress.Parse(address));
            mime.Subject = message.Subject;
            // A stable Message-Id: should a crash fall between the server's acceptance and our bookkeeping,
            // the one resend carries the same id and receiving systems recognise it as the same mail.
            mime.MessageId = $"outbox-{message.Id}@grantadmin";
            var body = new BodyBuilder { TextBody = message.BodyText };
            if (message.AttachmentKind is { } kind && message.ApplicationId is { } applicationId)
            {
                var pdf = await documents.GetOrCreateAsync(applicationId, kind, ct);
                body.Attachments.Add(pdf.FileName, pdf.Content, new ContentType("application", "pdf"));
            }
            mime.Body = body.ToMessageBody();
            await transport.SendAsync(mime, ct);
            await db.WriteAsync(async (_, tx) =>
            {
                var sentAt = clock.GetUtcNow().UtcDateTime;
                await tx.ExecuteAsync(SentSql, new { id, now = sentAt }, ct);
                await AuditLog.WriteAsync(tx, sentAt, new AuditLog.Entry("EmailVerzonden", null, message.ApplicationId,
                    Details: $"bericht {message.Id} aan {message.ToAddresses}: {message.Subject}{(message.AttachmentKind is { } k ? $" (bijlage {k})" : "")}"), ct);
                return 0;
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var giveUp = message.Attempts >= outboxSettings.Value.MaxAttempts;
            logger.LogWarning(e, "Outbox message {Id} attempt {Attempt} failed", id, message.Attempts);
            await db.WriteAsync(async (_, tx) =>
            {
                var failedAt = clock.GetUtcNow().UtcDateTime;
                await tx.ExecuteAsync(FailedSql, new
                {
                    id, status = giveUp ? "Failed" : "Pending", error = e.Message.Length > 1900 ? e.Message[..1900] : e.Message,
                    next = failedAt + Backoff(message.Attempts),
                }, CancellationToken.None);
                if (giveUp)
                    await AuditLog.WriteAsync(tx, failedAt, new AuditLog.Entry("EmailNietVerzonden", null, message.ApplicationId,
                        Details: $"bericht {message.Id} aan {message.ToAddresses} na {message.Attempts} pogingen: {message.Subject}"), CancellationToken.None);
                return 0;
            }, CancellationToken.None);
        }
    }

    /// <summary>30 s, 1 min, 2 min, … capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    [DisableConcurrentExecution(60)]
    public async Task SweepAsync(CancellationToken ct)
    {
        var due = await db.QueryAsync<int>(DueSql, new { now = clock.GetUtcNow().UtcDateTime }, ct);
        foreach (var id in due) await SendAsync(id, ct);
    }
}
