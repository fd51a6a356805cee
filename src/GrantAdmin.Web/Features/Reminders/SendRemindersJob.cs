using GrantAdmin.Web.Infrastructure.Writes;
using System.Data.Common;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Reminders;

/// <summary>
/// Sends every reminder whose moment has come (domain.md §4), derived from our own rows on each run, so a
/// run after downtime (and the run triggered at start) catches up on what it missed:
/// <list type="bullet">
/// <item>to the gemeente, 3 days and 1 day before an open aanvulverzoek term ends;</item>
/// <item>to the assigned reviewer (all active Behandelaars when unassigned), 14 days before and on the day a decision term ends;</item>
/// <item>to the gemeente with an unsubmitted draft, 7 days and 1 day before the round closes;</item>
/// <item>to the office, 7 days before the 4-week limit of a set-aside decision (Awb 4:5(4));</item>
/// <item>to the gemeente's tekenbevoegden, before the SiSa due date (15 July) while the spending over the year before is not
/// recorded (<see cref="Settlement.SisaReminder"/>; by default 28 and 7 days before, <c>Settlement:SisaReminderDaysBefore</c>).</item>
/// <item>to the office, 14 days before and on the day the handling term of an open bezwaar ends (Awb 7:10).</item>
/// </list>
/// "N days before" counts Amsterdam calendar days: a reminder is due when today ≥ date − N. When several
/// stages of one subject are due at once (after downtime), only the most urgent one goes out. A reminder is
/// caught up until its date has passed (a decision term: until <see cref="CatchUpDays"/> after it).
/// <para>
/// Exactly once: a reminder is recorded under a unique key (e.g. <c>aanvulverzoek:12:3d</c>) in the same
/// transaction that writes its mail into the outbox. The job itself never talks to the mail server: the
/// outbox does, and it sends each row once (claim with a lease, a stable Message-Id for the one resend a
/// crash between the server's acceptance and our bookkeeping can cause). So:
/// a crash before the commit leaves neither row (the next run tries again); a crash after it leaves both
/// (the next run finds the key and writes nothing; the outbox sweep delivers the mail, also when the
/// enqueue after the commit never happened). Two runs in parallel: SQLite's write lock serialises the
/// transactions and the second sees the key; on SQL Server the unique index blocks the second insert
/// until the first commits and then refuses it, which rolls back that run's outbox row with it.
/// </para>
/// </summary>
public sealed class SendRemindersJob(Db db, TimeProvider clock, ILogger<SendRemindersJob> logger,
    IOptions<Settlement.SettlementSettings> settlement)
{
    /// <summary>
    /// How long after a decision term ended its on-the-day reminder is still caught up (downtime over that day);
    /// terms that ended longer ago (historic or imported cases, the demo's closed rounds) get no mail.
    /// The other reminders are caught up until their date itself: after it they have nothing left to say.
    /// </summary>
    internal const int CatchUpDays = 7;

    private const string Signature = "\n\nMet vriendelijke groet,\n\nHet subsidieteam (SUVCO)\n\nDit is een automatisch bericht.";

    internal const string Closed = "('Concept', 'Verleend', 'Afgewezen', 'BuitenBehandelingGesteld', 'Ingetrokken', 'Vastgesteld')";

    internal const string CompletionTermsSql = """
        SELECT c.id AS RefId, a.id AS ApplicationId, c.due_on AS DueOn, a.kenmerk AS Kenmerk, a.municipality_id AS MunicipalityId,
               m.name AS MunicipalityName, a.contact_email AS ContactEmail, a.assigned_to_user_id AS AssignedToUserId, r.name AS RoundName
        FROM completion_requests c JOIN applications a ON a.id = c.application_id
             JOIN municipalities m ON m.id = a.municipality_id JOIN rounds r ON r.id = a.round_id
        WHERE c.supplement_received_at_utc IS NULL AND c.expired_on IS NULL AND a.state = 'AanvullingGevraagd'
          AND c.due_on >= @today AND c.due_on <= @horizon
        ORDER BY c.id
        """;

    internal const string DecisionTermsSql = $"""
        SELECT a.id AS RefId, a.id AS ApplicationId, a.decision_due_on AS DueOn, a.kenmerk AS Kenmerk, a.municipality_id AS MunicipalityId,
               m.name AS MunicipalityName, a.contact_email AS ContactEmail, a.assigned_to_user_id AS AssignedToUserId, r.name AS RoundName
        FROM applications a JOIN municipalities m ON m.id = a.municipality_id JOIN rounds r ON r.id = a.round_id
        WHERE a.decision_due_on IS NOT NULL AND a.decision_due_on <= @horizon AND a.decision_due_on >= @graceFrom AND a.state NOT IN {Closed}
        ORDER BY a.id
        """;

    internal const string DraftsSql = """
        SELECT a.id AS RefId, a.id AS ApplicationId, r.closes_on AS DueOn, a.kenmerk AS Kenmerk, a.municipality_id AS MunicipalityId,
               m.name AS MunicipalityName, a.contact_email AS ContactEmail, a.created_by_user_id AS AssignedToUserId, r.name AS RoundName
        FROM applications a JOIN municipalities m ON m.id = a.municipality_id JOIN rounds r ON r.id = a.round_id
        WHERE a.state = 'Concept' AND r.closes_on >= @today AND r.closes_on <= @horizon
        ORDER BY a.id
        """;

    internal const string SetAsideSql = """
        SELECT c.id AS RefId, a.id AS ApplicationId, c.set_aside_due_on AS DueOn, a.kenmerk AS Kenmerk, a.municipality_id AS MunicipalityId,
               m.name AS MunicipalityName, a.contact_email AS ContactEmail, a.assigned_to_user_id AS AssignedToUserId, r.name AS RoundName
        FROM completion_requests c JOIN applications a ON a.id = c.application_id
             JOIN municipalities m ON m.id = a.municipality_id JOIN rounds r ON r.id = a.round_id
        WHERE c.set_aside_due_on IS NOT NULL AND c.set_aside_due_on <= @horizon AND c.set_aside_due_on >= @today
          AND a.state IN ('BuitenBehandeling', 'BesluitInVoorbereiding', 'BesluitTerAccordering')
        ORDER BY c.id
        """;

    /// <summary>Open bezwaren by their handling term (Awb 7:10), caught up like a decision term.</summary>
    internal const string ObjectionTermsSql = """
        SELECT o.id AS RefId, a.id AS ApplicationId, o.handling_due_on AS DueOn, a.kenmerk AS Kenmerk, a.municipality_id AS MunicipalityId,
               m.name AS MunicipalityName, a.contact_email AS ContactEmail, o.registered_by_user_id AS AssignedToUserId, r.name AS RoundName
        FROM objections o JOIN applications a ON a.id = o.application_id
             JOIN municipalities m ON m.id = a.municipality_id JOIN rounds r ON r.id = a.round_id
        WHERE o.outcome IS NULL AND o.handling_due_on <= @horizon AND o.handling_due_on >= @graceFrom
        ORDER BY o.id
        """;

    internal const string UserEmailSql = "SELECT email FROM users WHERE id = @userId AND is_active = 1";

    internal const string BehandelaarsSql = "SELECT email FROM users WHERE role = 'Behandelaar' AND is_active = 1 ORDER BY id";

    /// <summary>A shortcut only (a moved decision date can hide a key from it): the write re-checks under the lock.</summary>
    internal const string SentKeysSql = "SELECT reminder_key FROM reminders WHERE kind = @kind AND due_on >= @from";

    internal const string ExistsSql = "SELECT COUNT(*) FROM reminders WHERE reminder_key = @key";

    internal const string InsertSql = """
        INSERT INTO reminders (reminder_key, kind, application_id, due_on, created_at_utc, outbox_message_id)
        VALUES (@key, @kind, @applicationId, @dueOn, @now, @outboxMessageId)
        """;

    /// <summary>A row a reminder may be derived from: an aanvulverzoek, an application, a draft.</summary>
    internal sealed record Subject(int RefId, int ApplicationId, DateOnly DueOn, string? Kenmerk, int MunicipalityId,
        string MunicipalityName, string? ContactEmail, int? AssignedToUserId, string RoundName);

    /// <summary>One reminder that is due now.</summary>
    internal sealed record Reminder(string Key, string Kind, int ApplicationId, DateOnly DueOn, IReadOnlyList<string> To, string Subject, string Body);

    /// <summary>Parameters: the query's own, from today and the horizon (null: nothing can be due now); by default today, horizon and graceFrom.</summary>
    private sealed record Kind(string Name, string Sql, int[] DaysBefore, Func<Subject, int, DateOnly, Task<Reminder?>> Build,
        Func<DateOnly, DateOnly, object?>? Parameters = null);

    /// <summary>Writes every due reminder not yet recorded; returns how many it wrote (the others were already there).</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var today = Amsterdam.Today(clock);
        var due = new List<Reminder>();
        foreach (var kind in Kinds())
        {
            var horizon = today.AddDays(kind.DaysBefore.Max());
            var parameters = kind.Parameters is { } p ? p(today, horizon) : new { today, horizon, graceFrom = today.AddDays(-CatchUpDays) };
            if (parameters is null) continue;
            foreach (var subject in await db.QueryAsync<Subject>(kind.Sql, parameters, ct))
            {
                // The most urgent stage whose moment has come: after downtime, one reminder, not two.
                var stage = kind.DaysBefore.Where(n => today >= subject.DueOn.AddDays(-n)).Order().Cast<int?>().FirstOrDefault();
                if (stage is { } n && await kind.Build(subject, n, today) is { } reminder) due.Add(reminder);
            }
        }
        if (due.Count == 0) return 0;

        var sent = new HashSet<string>();
        foreach (var group in due.GroupBy(r => r.Kind))
            sent.UnionWith(await db.QueryAsync<string>(SentKeysSql, new { kind = group.Key, from = group.Min(r => r.DueOn) }, ct));
        var written = 0;
        var failures = new List<Exception>();
        foreach (var reminder in due.Where(r => !sent.Contains(r.Key)))
        {
            try
            {
                if (await RecordAsync(reminder, ct)) written++;
            }
            catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
            {
                // Another run recorded it first; its transaction holds the one outbox row, ours rolled back.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Reminder {Key} could not be recorded", reminder.Key);
                failures.Add(e);
            }
        }
        if (failures.Count > 0) throw new AggregateException($"{failures.Count} reminder(s) could not be recorded; the next run tries again.", failures);
        return written;
    }

    /// <summary>The reminder row and its outbox row in one transaction: both exist, or neither.</summary>
    private Task<bool> RecordAsync(Reminder reminder, CancellationToken ct) =>
        db.WriteAsync(async w =>
        {
            if (await w.Tx.QuerySingleAsync<int>(ExistsSql, new { key = reminder.Key }, ct) > 0) return false;
            var now = clock.GetUtcNow().UtcDateTime;
            var messageId = await w.EnqueueMailAsync(new OutgoingMail(reminder.To, reminder.Subject, reminder.Body, null, reminder.ApplicationId), now, ct);
            await w.Tx.ExecuteAsync(InsertSql, new
            {
                key = reminder.Key, kind = reminder.Kind, applicationId = reminder.ApplicationId, dueOn = reminder.DueOn, now, outboxMessageId = messageId,
            }, ct);
            return true;
        }, ct);

    private IEnumerable<Kind> Kinds() =>
    [
        new("aanvulverzoek", CompletionTermsSql, [3, 1], CompletionTermAsync),
        new("beslistermijn", DecisionTermsSql, [14, 0], DecisionTermAsync),
        new("concept", DraftsSql, [7, 1], DraftAsync),
        new("buitenbehandeling", SetAsideSql, [7], SetAsideAsync),
        new(Settlement.SisaReminder.Kind, Settlement.SisaReminder.SubjectsSql, settlement.Value.ReminderDaysBefore, SisaAsync, Settlement.SisaReminder.Parameters),
        new("bezwaar", ObjectionTermsSql, [14, 0], ObjectionTermAsync),
    ];

    private static string Days(int n) => n == 1 ? "1 dag" : $"{n} dagen";

    private async Task<Reminder?> CompletionTermAsync(Subject s, int n, DateOnly today)
    {
        var to = await GemeenteAsync(s, extraUserId: null);
        var date = Amsterdam.FormatDate(s.DueOn);
        var left = s.DueOn.DayNumber - today.DayNumber;
        return Make($"aanvulverzoek:{s.RefId}:{n}d", "aanvulverzoek", s, to,
            $"Herinnering: aanvullen aanvraag {s.Kenmerk} kan tot en met {date}",
            $"Geachte college van burgemeester en wethouders van {s.MunicipalityName},\n\n"
            + $"Wij hebben u gevraagd uw aanvraag {s.Kenmerk} ({s.RoundName}) aan te vullen. U kunt dat doen tot en met {date}"
            + (left == 0 ? " (vandaag)" : $" (nog {Days(left)})") + ". Vul de aanvraag aan via het portaal. "
            + "Ontvangen wij de aanvulling niet op tijd, dan kunnen wij besluiten de aanvraag niet te behandelen." + Signature);
    }

    private async Task<Reminder?> DecisionTermAsync(Subject s, int n, DateOnly today)
    {
        var to = await ReviewerAsync(s.AssignedToUserId);
        var (when, subject) = TermEnds("Beslistermijn", s, today);
        return Make($"beslistermijn:{s.ApplicationId}:{n}d", "beslistermijn", s, to, subject,
            $"Beste collega,\n\nDe beslistermijn van aanvraag {s.Kenmerk} van de gemeente {s.MunicipalityName} ({s.RoundName}) eindigt {when}. "
            + "Zorg dat het besluit op tijd is voorbereid en geaccordeerd." + Signature);
    }

    private async Task<Reminder?> DraftAsync(Subject s, int n, DateOnly today)
    {
        var to = await GemeenteAsync(s, extraUserId: s.AssignedToUserId); // for a draft: the user who started it
        var date = Amsterdam.FormatDate(s.DueOn);
        var left = s.DueOn.DayNumber - today.DayNumber;
        return Make($"concept:{s.ApplicationId}:{n}d", "concept", s, to,
            $"Herinnering: uw conceptaanvraag is nog niet ingediend ({s.RoundName} sluit op {date})",
            $"Geachte college van burgemeester en wethouders van {s.MunicipalityName},\n\n"
            + $"De gemeente {s.MunicipalityName} heeft een conceptaanvraag voor {s.RoundName} die nog niet is ingediend. "
            + $"Het tijdvak sluit op {date}" + (left == 0 ? " (vandaag)" : $" (nog {Days(left)})") + ". "
            + "Een tekenbevoegde kan de aanvraag indienen via het portaal; na het sluiten kan dat niet meer." + Signature);
    }

    private async Task<Reminder?> SetAsideAsync(Subject s, int n, DateOnly today)
    {
        var date = Amsterdam.FormatDate(s.DueOn);
        return Make($"buitenbehandeling:{s.RefId}:{n}d", "buitenbehandeling", s, await OfficeAsync(s.AssignedToUserId),
            $"Besluit buiten behandeling {s.Kenmerk} ({s.MunicipalityName}) uiterlijk {date}",
            $"Beste collega,\n\nDe aanvultermijn van aanvraag {s.Kenmerk} van de gemeente {s.MunicipalityName} ({s.RoundName}) is ongebruikt verstreken. "
            + $"Een besluit om de aanvraag buiten behandeling te stellen moet uiterlijk {date} worden genomen (artikel 4:5, vierde lid, Awb); "
            + "daarna moet de aanvraag inhoudelijk worden behandeld." + Signature);
    }

    private async Task<Reminder?> SisaAsync(Subject s, int n, DateOnly today)
    {
        var to = await GemeenteAsync(s, extraUserId: null); // the subject carries no contact: the tekenbevoegden
        var year = Settlement.SisaReminder.YearOf(s.DueOn);
        var date = Amsterdam.FormatDate(s.DueOn);
        var left = s.DueOn.DayNumber - today.DayNumber;
        return Make($"{Settlement.SisaReminder.Kind}:{s.ApplicationId}:{year}:{n}d", Settlement.SisaReminder.Kind, s, to,
            $"Herinnering: verantwoording {year} via SiSa voor {s.Kenmerk} uiterlijk {date}",
            $"Geacht college van burgemeester en wethouders van {s.MunicipalityName},\n\n"
            + $"Uw gemeente heeft voor aanvraag {s.Kenmerk} ({s.RoundName}) een specifieke uitkering ontvangen. De besteding over {year} "
            + $"verantwoordt u via SiSa; die verantwoording moet uiterlijk {date} bij het CBS zijn" + (left == 0 ? " (vandaag)" : $" (nog {Days(left)})") + ". "
            + $"Wij hebben de besteding over {year} nog niet ontvangen. Na de verantwoording over alle jaren stellen wij de uitkering vast." + Signature);
    }

    /// <summary>
    /// To the office: the reviewer who registered the bezwaar and every active Behandelaar. The due date is in the key,
    /// so a term deferred (7:10(3)) gets its own reminders and an earlier one is never repeated.
    /// </summary>
    private async Task<Reminder?> ObjectionTermAsync(Subject s, int n, DateOnly today)
    {
        var (when, subject) = TermEnds("Beslistermijn bezwaar", s, today);
        return Make($"bezwaar:{s.RefId}:{s.DueOn:yyyyMMdd}:{n}d", "bezwaar", s, await OfficeAsync(s.AssignedToUserId), subject,
            $"Beste collega,\n\nDe termijn om te beslissen op het bezwaar tegen het besluit op aanvraag {s.Kenmerk} van de gemeente {s.MunicipalityName} "
            + $"({s.RoundName}) eindigt {when} (artikel 7:10 Awb). Zorg dat de beslissing op bezwaar op tijd wordt genomen, of verdaag de termijn "
            + "één keer vóór het einde." + Signature);
    }

    private async Task<List<string>> GemeenteAsync(Subject s, int? extraUserId)
    {
        var to = new List<string>();
        if (!string.IsNullOrWhiteSpace(s.ContactEmail)) to.Add(s.ContactEmail);
        if (extraUserId is { } id && await db.QuerySingleOrDefaultAsync<string>(UserEmailSql, new { userId = id }) is { } extra) to.Add(extra);
        to.AddRange(await db.QueryAsync<string>(Recipients.TekenbevoegdenSql, new { municipalityId = s.MunicipalityId }));
        return to;
    }

    /// <summary>The assigned reviewer while active, otherwise every active Behandelaar.</summary>
    private async Task<List<string>> ReviewerAsync(int? assignedToUserId)
    {
        if (assignedToUserId is { } id && await db.QuerySingleOrDefaultAsync<string>(UserEmailSql, new { userId = id }) is { } email) return [email];
        return [.. await db.QueryAsync<string>(BehandelaarsSql)];
    }

    /// <summary>The assigned (or registering) reviewer and every active Behandelaar.</summary>
    private async Task<List<string>> OfficeAsync(int? reviewerId) =>
        [.. await ReviewerAsync(reviewerId), .. await db.QueryAsync<string>(BehandelaarsSql)];

    /// <summary>When an office term ends ("over 3 dagen, op …", "vandaag, …", "op … en is verstreken") and the subject that says so.</summary>
    private static (string When, string Subject) TermEnds(string title, Subject s, DateOnly today)
    {
        var date = Amsterdam.FormatDate(s.DueOn);
        var left = s.DueOn.DayNumber - today.DayNumber;
        var head = $"{title} {s.Kenmerk} ({s.MunicipalityName})";
        return left > 0 ? ($"over {Days(left)}, op {date}", $"{head} eindigt op {date}")
            : left == 0 ? ($"vandaag, {date}", $"{head} eindigt vandaag")
            : ($"op {date} en is verstreken", $"{head} is verstreken");
    }

    /// <summary>No addressee (yet): not recorded, so it goes out as soon as there is one.</summary>
    private static Reminder? Make(string key, string kind, Subject s, IReadOnlyList<string> to, string subject, string body) =>
        to.Count == 0 ? null : new Reminder(key, kind, s.ApplicationId, s.DueOn, to, subject, body);
}
