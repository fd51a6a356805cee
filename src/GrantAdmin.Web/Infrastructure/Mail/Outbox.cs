using System.ComponentModel.DataAnnotations;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Infrastructure.Writes;
using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace GrantAdmin.Web.Infrastructure.Mail;

public sealed class MailSettings
{
    /// <summary>The relay; no default, so a production start without one stops at once (Development: MailDev on localhost:1025).</summary>
    [Required] public string Host { get; set; } = "";
    [Range(1, 65535)] public int Port { get; set; } = 587;
    [Required] public string From { get; set; } = "GrantAdmin <noreply@grantadmin.example>";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>None for a local catcher; StartTls (or SslOnConnect) for a real relay.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.None;
}

public sealed class OutboxSettings
{
    [Cron] public string SweepCron { get; set; } = "* * * * *";
    [Range(1, 100)] public int MaxAttempts { get; set; } = 8;
    /// <summary>How long a claimed row is another worker's; after a crash its mail waits this long before another sends it.</summary>
    [Range(1, 86_400)] public int LeaseSeconds { get; set; } = 300;
}

/// <summary>A mail to send, as written into the outbox by the change that causes it.</summary>
public sealed record OutgoingMail(IEnumerable<string> To, string Subject, string BodyText, string? AttachmentKind, int? ApplicationId);

/// <summary>The process boundary to the mail server (MailKit in production, a test double never needed: tests use a real SMTP peer).</summary>
public interface IMailTransport
{
    /// <summary>Sends the messages over one connection; per message, null when the server accepted it, or why not.</summary>
    Task<IReadOnlyList<Exception?>> SendAsync(IReadOnlyList<MimeMessage> messages, CancellationToken ct);
}

public sealed class SmtpMailTransport(IOptions<MailSettings> settings) : IMailTransport
{
    public async Task<IReadOnlyList<Exception?>> SendAsync(IReadOnlyList<MimeMessage> messages, CancellationToken ct)
    {
        var s = settings.Value;
        var results = new Exception?[messages.Count];
        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(s.Host, s.Port, s.Security, ct);
            if (!string.IsNullOrEmpty(s.UserName)) await client.AuthenticateAsync(s.UserName, s.Password ?? "", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Array.Fill(results, e);
            return results;
        }
        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                if (!client.IsConnected) await client.ConnectAsync(s.Host, s.Port, s.Security, ct);
                await client.SendAsync(messages[i], ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                results[i] = e;
            }
        }
        if (client.IsConnected) await client.DisconnectAsync(true, ct);
        return results;
    }
}

/// <summary>Told the ids of outbox rows once the transaction that wrote them has committed, so they go out at once.</summary>
public interface IOutboxKick
{
    void Kick(IReadOnlyList<int> messageIds);

    /// <summary>A drain is about to read the due rows: a kick from now on needs a drain of its own.</summary>
    void DrainStarting();
}

/// <summary>
/// Starts one drain of the outbox for any number of kicks that arrive before it starts taking rows, so a burst of a
/// thousand receipts is one job that sends in batches, not a thousand jobs competing for the write lock.
/// </summary>
public sealed class HangfireOutboxKick(IBackgroundJobClient jobs) : IOutboxKick
{
    // When the drain that will take new rows was queued (Environment.TickCount64); 0 while none is queued. A queued drain
    // that has not started within a few seconds (a busy or restarted worker) no longer holds kicks back.
    private long queuedAt;

    public void Kick(IReadOnlyList<int> messageIds)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref queuedAt);
        if (last != 0 && now - last < 5_000) return;
        if (Interlocked.CompareExchange(ref queuedAt, now, last) == last)
            jobs.Enqueue<OutboxDispatcher>(d => d.DrainAsync(CancellationToken.None));
    }

    public void DrainStarting() => Interlocked.Exchange(ref queuedAt, 0);
}

/// <summary>
/// Real elapsed time, for leases between workers: how long a claimed row is another worker's. Not the app's clock (a
/// Development start moment, a test clock), which may jump: a jump past a lease would let a second worker send a mail
/// the first is still sending. Legal dates never come from here.
/// </summary>
public sealed class LeaseClock(TimeProvider wall)
{
    public DateTimeOffset GetUtcNow() => wall.GetUtcNow();
}

/// <summary>
/// Sends outbox rows in batches: one write claims a batch with a lease (so two workers or web servers never send the
/// same row), the letters are printed, the mails go out over one SMTP connection, and one write records the batch. A
/// failure leaves a row pending with a later attempt time; the sweep retries what is due. While case writes are
/// waiting in this process (a window opening), the drain yields to them: receipts never slow the burst they confirm.
/// </summary>
public sealed class OutboxDispatcher(Db db, TimeProvider clock, LeaseClock leases, IMailTransport transport, Documents documents, IOutboxKick kick,
    IOptions<MailSettings> mailSettings, IOptions<OutboxSettings> outboxSettings, ILogger<OutboxDispatcher> logger)
{
    private const int BatchSize = 25;

    internal const string ClaimSql = """
        UPDATE outbox_messages SET claimed_until_utc = @until, attempts = attempts + 1
        WHERE id = @id AND status = 'Pending' AND next_attempt_at_utc <= @now
          AND (claimed_until_utc IS NULL OR claimed_until_utc < @leaseNow)
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

    /// <summary>
    /// The demo's historic steps in a round: their mails went out back then (as the story goes), so they are recorded as
    /// sent at the moment they were written and never go out now. Kept, not deleted: letters and reminders refer to them.
    /// </summary>
    internal const string RecordHistoricAsSentSql = """
        UPDATE outbox_messages SET status = 'Sent', sent_at_utc = created_at_utc
        WHERE status = 'Pending' AND application_id IN (SELECT id FROM applications WHERE round_id = @roundId)
        """;

    internal const string DueSql = """
        SELECT id FROM outbox_messages
        WHERE status = 'Pending' AND next_attempt_at_utc <= @now AND (claimed_until_utc IS NULL OR claimed_until_utc < @leaseNow)
        ORDER BY id
        """;

    private sealed record Message(int Id, int? ApplicationId, string ToAddresses, string Subject, string BodyText, string? AttachmentKind, int Attempts);

    /// <summary>Sends every due row, batch after batch, until none is left.</summary>
    [AutomaticRetry(Attempts = 0)] // retries are ours: a row stays pending and the sweep picks it up
    public async Task DrainAsync(CancellationToken ct)
    {
        kick.DrainStarting();
        while (true)
        {
            await db.CaseWritesIdleAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var leaseNow = leases.GetUtcNow().UtcDateTime;
            var due = await db.QueryAsync<int>(DueSql + "\n" + db.Dialect.PageClause, new { now, leaseNow, skip = 0, take = BatchSize }, ct);
            if (due.Count == 0) return;
            var claimed = await db.WriteAsync(async w =>
            {
                var batch = new List<Message>(due.Count);
                foreach (var id in due)
                    if (await w.Tx.ExecuteAsync(ClaimSql, new { id, now, leaseNow, until = leaseNow.AddSeconds(outboxSettings.Value.LeaseSeconds) }, ct) == 1)
                        batch.Add(await w.Tx.QuerySingleAsync<Message>(LoadSql, new { id }, ct));
                return batch;
            }, ct);
            if (claimed.Count == 0) return; // another worker has them
            await SendBatchAsync(claimed, ct);
        }
    }

    [DisableConcurrentExecution(60)]
    public Task SweepAsync(CancellationToken ct) => DrainAsync(ct);

    private async Task SendBatchAsync(IReadOnlyList<Message> batch, CancellationToken ct)
    {
        var failures = new Dictionary<int, Exception>();
        var attachments = await AttachmentsAsync(batch, failures, ct);
        var mimes = new List<(int Id, MimeMessage Mime)>();
        foreach (var message in batch.Where(m => !failures.ContainsKey(m.Id)))
            try
            {
                mimes.Add((message.Id, Compose(message, attachments.GetValueOrDefault(message.Id))));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures[message.Id] = e; // an address that does not parse, say
            }
        var sent = await transport.SendAsync(mimes.Select(m => m.Mime).ToList(), ct);
        foreach (var ((id, _), error) in mimes.Zip(sent))
            if (error is not null) failures[id] = error;

        await db.WriteAsync(async w =>
        {
            var at = clock.GetUtcNow().UtcDateTime;
            foreach (var message in batch)
                if (failures.TryGetValue(message.Id, out var error)) await RecordFailureAsync(w, message, error, at);
                else
                {
                    await w.Tx.ExecuteAsync(SentSql, new { id = message.Id, now = at }, CancellationToken.None);
                    await w.AuditAsync(at, new AuditLog.Entry("EmailVerzonden", null, message.ApplicationId,
                        Details: $"bericht {message.Id} aan {message.ToAddresses}: {message.Subject}{(message.AttachmentKind is { } k ? $" (bijlage {k})" : "")}"), CancellationToken.None);
                }
            return batch.Count;
        }, CancellationToken.None);
    }

    /// <summary>The letters the batch's mails carry, printed and stored together; a letter that cannot be made fails only its own mail.</summary>
    private async Task<Dictionary<int, Documents.Pdf>> AttachmentsAsync(IReadOnlyList<Message> batch, Dictionary<int, Exception> failures, CancellationToken ct)
    {
        var wanted = batch.Where(m => m is { AttachmentKind: not null, ApplicationId: not null }).ToList();
        try
        {
            var pdfs = await documents.GetOrCreateAllAsync(wanted.Select(m => (m.ApplicationId!.Value, m.AttachmentKind!)).ToList(), ct);
            return wanted.Zip(pdfs).ToDictionary(x => x.First.Id, x => x.Second);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            var each = new Dictionary<int, Documents.Pdf>();
            foreach (var message in wanted)
                try
                {
                    each[message.Id] = await documents.GetOrCreateAsync(message.ApplicationId!.Value, message.AttachmentKind!, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures[message.Id] = e;
                }
            return each;
        }
    }

    private MimeMessage Compose(Message message, Documents.Pdf? attachment)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(mailSettings.Value.From));
        foreach (var address in message.ToAddresses.Split(';', StringSplitOptions.RemoveEmptyEntries))
            mime.To.Add(MailboxAddress.Parse(address));
        mime.Subject = BidiControls.Strip(message.Subject);
        // A stable Message-Id: should a crash fall between the server's acceptance and our bookkeeping,
        // the one resend carries the same id and receiving systems recognise it as the same mail.
        mime.MessageId = $"outbox-{message.Id}@grantadmin";
        // Text stored before bidi controls were refused at binding may still carry them; a mail never does.
        var body = new BodyBuilder { TextBody = BidiControls.Strip(message.BodyText) };
        if (attachment is not null) body.Attachments.Add(attachment.FileName, attachment.Content, new ContentType("application", "pdf"));
        mime.Body = body.ToMessageBody();
        return mime;
    }

    private async Task RecordFailureAsync(Write w, Message message, Exception e, DateTime failedAt)
    {
        var giveUp = message.Attempts >= outboxSettings.Value.MaxAttempts;
        logger.LogWarning(e, "Outbox message {Id} attempt {Attempt} failed", message.Id, message.Attempts);
        await w.Tx.ExecuteAsync(FailedSql, new
        {
            id = message.Id, status = giveUp ? "Failed" : "Pending", error = e.Message.Length > 1900 ? e.Message[..1900] : e.Message,
            next = failedAt + Backoff(message.Attempts),
        }, CancellationToken.None);
        if (giveUp)
            await w.AuditAsync(failedAt, new AuditLog.Entry("EmailNietVerzonden", null, message.ApplicationId,
                Details: $"bericht {message.Id} aan {message.ToAddresses} na {message.Attempts} pogingen: {message.Subject}"), CancellationToken.None);
    }

    /// <summary>30 s, 1 min, 2 min, … capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
