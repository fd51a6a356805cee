using System.Diagnostics;
using System.Diagnostics.Metrics;
using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;
using GrantAdmin.Web.Infrastructure.Pdf;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>
/// Sends the letters of a dispatch, each decision on its own: claim the item (a lease in the database, so any
/// number of jobs and web servers may run at once), render the letter dated today with the bezwaar term from the
/// day after (Algemene termijnenwet), then in one transaction set the decision's sending date (only while it has
/// none), store the PDF unchanged with its SHA-256, write the outbox mail, mark the item sent and audit it. A
/// failure is recorded on the item and retried with back-off; the other letters go on. Re-entrant: the sweep runs
/// every dispatch that is not finished, so a lost job (restart, in-memory Hangfire) costs only a minute.
/// </summary>
public sealed class SendDecisionLettersJob(Db db, TimeProvider clock, DecisionLetter letters, RazorRenderer razor, PdfRenderer pdf,
    IOptions<DecisionDispatchSettings> settings, ILogger<SendDecisionLettersJob> logger)
{
    /// <summary>How long a claimed item is left alone; a worker that died with it releases it when this runs out.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The time of each step of a letter (tag <c>step</c>: claim, read, print, store), in ms: what a verzendronde spends
    /// beside printing, readable with dotnet-counters or a MeterListener (ops/measure-dispatch prints it).
    /// </summary>
    private const string MeterName = "GrantAdmin.Dispatch";
    private const string StepName = "grantadmin.dispatch.letter.step";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> StepMs = Meter.CreateHistogram<double>(StepName, "ms");

    /// <summary>Hears each step's time (step, ms) until disposed: the benchmark's and the tests' ear on <see cref="StepMs"/>.</summary>
    public static MeterListener ListenToSteps(Action<string, double> heard)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // By name: the instrument may be published while this type's statics are still being set.
                if (instrument is { Meter.Name: MeterName, Name: StepName }) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((_, ms, tags, _) => heard((string)tags[0].Value!, ms));
        listener.Start();
        return listener;
    }

    /// <summary>Records the step since <paramref name="since"/> and returns the start of the next.</summary>
    private static long Step(string step, long since)
    {
        StepMs.Record(Stopwatch.GetElapsedTime(since).TotalMilliseconds, new KeyValuePair<string, object?>("step", step));
        return Stopwatch.GetTimestamp();
    }

    internal const string DueSql = """
        SELECT id FROM decision_dispatch_items
        WHERE dispatch_id = @dispatchId AND status = 'Pending' AND next_attempt_at_utc <= @now
          AND (claimed_until_utc IS NULL OR claimed_until_utc < @now)
        ORDER BY id
        """;

    internal const string OpenDispatchesSql = "SELECT id FROM decision_dispatches WHERE finished_at_utc IS NULL ORDER BY id";

    /// <summary>The dispatches with a letter to send now (not waiting for a retry, not another worker's).</summary>
    internal const string DueDispatchesSql = """
        SELECT DISTINCT dispatch_id FROM decision_dispatch_items
        WHERE status = 'Pending' AND next_attempt_at_utc <= @now AND (claimed_until_utc IS NULL OR claimed_until_utc < @now)
        """;

    internal const string ClaimSql = """
        UPDATE decision_dispatch_items SET claimed_until_utc = @until, attempts = attempts + 1
        WHERE id = @id AND status = 'Pending' AND next_attempt_at_utc <= @now
          AND (claimed_until_utc IS NULL OR claimed_until_utc < @now)
        """;

    internal const string ItemSql = """
        SELECT i.id, i.dispatch_id AS DispatchId, i.decision_id AS DecisionId, i.attempts, x.created_by_user_id AS SentBy,
               d.application_id AS ApplicationId, d.kind, d.amount_cents AS AmountCents, a.kenmerk, a.municipality_id AS MunicipalityId, m.name AS MunicipalityName,
               a.contact_email AS ContactEmail
        FROM decision_dispatch_items i JOIN decision_dispatches x ON x.id = i.dispatch_id JOIN decisions d ON d.id = i.decision_id
             JOIN applications a ON a.id = d.application_id JOIN municipalities m ON m.id = a.municipality_id
        WHERE i.id = @id
        """;

    /// <summary>The guard against a second letter: the sending date is set once.</summary>
    internal const string SetSentSql = """
        UPDATE decisions SET sent_on = @sentOn, objection_due_on = @objectionDueOn
        WHERE id = @decisionId AND status = 'Goedgekeurd' AND sent_on IS NULL
        """;

    internal const string ItemSentSql = """
        UPDATE decision_dispatch_items SET status = 'Sent', sent_at_utc = @now, claimed_until_utc = NULL, last_error = NULL, outbox_message_id = @messageId
        WHERE id = @id
        """;

    internal const string ItemClosedSql = """
        UPDATE decision_dispatch_items SET status = @status, next_attempt_at_utc = @next, claimed_until_utc = NULL, last_error = @error
        WHERE id = @id
        """;

    internal const string FinishSql = """
        UPDATE decision_dispatches SET finished_at_utc = @now
        WHERE id = @dispatchId AND finished_at_utc IS NULL
          AND NOT EXISTS (SELECT 1 FROM decision_dispatch_items i WHERE i.dispatch_id = @dispatchId AND i.status = 'Pending')
        """;

    private sealed record Item(int Id, int DispatchId, int DecisionId, int Attempts, int SentBy, int ApplicationId, string Kind, long AmountCents, string Kenmerk,
        int MunicipalityId, string MunicipalityName, string? ContactEmail)
    {
        public DecisionKind KindValue => Enum.Parse<DecisionKind>(Kind);
    }

    /// <summary>What became of one item in this attempt.</summary>
    public enum Result { NotClaimed, Sent, Skipped, Retrying, Failed }

    [AutomaticRetry(Attempts = 0)] // retries are ours, per letter: the item stays pending and the sweep picks it up
    public async Task ExecuteAsync(int dispatchId, CancellationToken ct)
    {
        var due = await db.QueryAsync<int>(DueSql, new { dispatchId, now = clock.GetUtcNow().UtcDateTime }, ct);
        if (due.Count > 0)
        {
            var designatedDays = (await db.QueryAsync<DateOnly>(Cases.DecisionClock.DesignatedDaysSql, null, ct)).ToHashSet();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Value.Parallelism), CancellationToken = ct },
                async (id, token) => await SendAsync(id, designatedDays, token));
        }
        await FinishAsync(dispatchId, ct);
    }

    /// <summary>Runs every dispatch not finished yet: retries that are due, and runs whose job was lost.</summary>
    [DisableConcurrentExecution(60)]
    public async Task SweepAsync(CancellationToken ct)
    {
        foreach (var dispatchId in await db.QueryAsync<int>(OpenDispatchesSql, null, ct))
            await ExecuteAsync(dispatchId, ct);
    }

    /// <summary>Sends what is due now: a worker's poll for the runs web servers started (<see cref="Infrastructure.Hosting.WorkerPoll"/>).</summary>
    public async Task SendDueAsync(CancellationToken ct)
    {
        foreach (var dispatchId in await db.QueryAsync<int>(DueDispatchesSql, new { now = clock.GetUtcNow().UtcDateTime }, ct))
            await ExecuteAsync(dispatchId, ct);
    }

    public async Task<Result> SendAsync(int itemId, IReadOnlySet<DateOnly> designatedDays, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var step = Stopwatch.GetTimestamp();
        if (await db.WriteAsync(w => w.Tx.ExecuteAsync(ClaimSql, new { id = itemId, now, until = now + Lease }, ct), ct) == 0)
            return Result.NotClaimed; // another worker has it, or it is done
        step = Step("claim", step);
        var item = (await db.QuerySingleOrDefaultAsync<Item>(ItemSql, new { id = itemId }, ct))!;
        try
        {
            var sentOn = Amsterdam.Today(clock);
            var objectionDueOn = Terms.ObjectionDeadline(sentOn, designatedDays);
            if (await letters.LoadUnsentAsync(item.ApplicationId, item.DecisionId, sentOn, objectionDueOn, ct) is not { } model)
                return await CloseAsync(item, "Skipped", "Het besluit is al verzonden of niet (meer) geaccordeerd.");
            step = Step("read", step);
            var content = await pdf.RenderAsync(await razor.RenderAsync(DecisionLetter.ViewPath, model), ct);
            step = Step("print", step); // with the wait for a page: the letters of a run take turns on the background pages

            var sent = await db.TryCaseWriteAsync<bool>(item.ApplicationId, async w =>
            {
                var at = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.ExecuteAsync(SetSentSql, new { decisionId = item.DecisionId, sentOn, objectionDueOn }, ct) == 0) return Outcome<bool>.Ok(false);
                var sha256 = await Documents.StoreAsync(w, item.ApplicationId, DecisionLetter.Kind(item.DecisionId), model.FileName, content, at, ct);
                var recipients = await Recipients.OfGemeenteAsync(w.Tx, item.MunicipalityId, item.ContactEmail, ct);
                var id = await w.EnqueueMailAsync(Mail(item, objectionDueOn, recipients), at, ct);
                await w.Tx.ExecuteAsync(ItemSentSql, new { id = item.Id, now = at, messageId = id }, ct);
                await w.AuditAsync(at, new AuditLog.Entry("BesluitVerzonden", item.SentBy, ApplicationId: item.ApplicationId, MunicipalityId: item.MunicipalityId, Details: $"{item.Kenmerk} {item.Kind}, verzendronde {item.DispatchId}, brief {model.FileName} SHA-256 {sha256}"), ct);
                return Outcome<bool>.Ok(true);
            }, ct);
            Step("store", step);
            return sent.Value ? Result.Sent : await CloseAsync(item, "Skipped", "Het besluit is intussen al verzonden.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var giveUp = item.Attempts >= settings.Value.MaxAttempts;
            logger.LogWarning(e, "Decision letter {DecisionId} (dispatch item {ItemId}) attempt {Attempt} failed", item.DecisionId, item.Id, item.Attempts);
            var error = $"Poging {item.Attempts}: {e.Message}";
            return await CloseAsync(item, giveUp ? "Failed" : "Pending", error.Length > 1900 ? error[..1900] : error,
                clock.GetUtcNow().UtcDateTime + OutboxDispatcher.Backoff(item.Attempts));
        }
    }

    private async Task<Result> CloseAsync(Item item, string status, string error, DateTime? next = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.WriteAsync(w => w.Tx.ExecuteAsync(ItemClosedSql, new { id = item.Id, status, error, next = next ?? now }, CancellationToken.None),
            CancellationToken.None);
        return status switch { "Skipped" => Result.Skipped, "Failed" => Result.Failed, _ => Result.Retrying };
    }

    private async Task FinishAsync(int dispatchId, CancellationToken ct) =>
        await db.WriteAsync(async w =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (await w.Tx.ExecuteAsync(FinishSql, new { dispatchId, now }, ct) == 0) return 0;
            var counts = DecisionDispatch.CountsOf(await w.Tx.QueryAsync<DecisionDispatch.StatusCount>(DecisionDispatch.CountsSql, new { dispatchId }, ct));
            await w.AuditAsync(now, new AuditLog.Entry("VerzendrondeAfgerond", (int?)null, Details: $"Verzendronde {dispatchId}: {counts.Summary}"), ct);
            return 1;
        }, ct);

    private static OutgoingMail Mail(Item item, DateOnly objectionDueOn, IEnumerable<string> recipients) => new(recipients,
        $"Besluit op aanvraag {item.Kenmerk}",
        $"""
        Geacht college van burgemeester en wethouders van de gemeente {item.MunicipalityName},

        Wij hebben besloten op uw aanvraag {item.Kenmerk}: {DecisionPanel.Label(item.KindValue).ToLowerInvariant()}{(item.KindValue == DecisionKind.Verlening ? $" van {Money.Euros(item.AmountCents)}" : "")}.
        Het besluit staat in de bijgevoegde brief en in het portaal. Bent u het er niet mee eens, dan kunt u
        tot en met {Amsterdam.FormatDate(objectionDueOn)} bezwaar maken; hoe dat gaat, staat in de brief.

        Met vriendelijke groet,
        Het uitvoeringsteam cliëntondersteuning
        """, DecisionLetter.Kind(item.DecisionId), item.ApplicationId);
}
