using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>
/// The tekenbevoegde answers an aanvulverzoek before its term ends: corrected fields and/or a new plan
/// version, all at once. The supplement gets its own receipt moment (which becomes the ranking moment
/// when the application is then judged complete), its own receipt and e-mail, and the decision clock runs again.
/// After the term, only when the round says so (<see cref="LateSupplement"/>): the supplement is received the same way
/// but waits, "buiten behandeling", for the reviewer's choice; it does not enter the ranking until accepted.
/// </summary>
public static class SubmitSupplement
{
    public sealed record OpenRequest(int Id, DateOnly SentOn, DateOnly DueOn, string Explanation, string LatePolicy);
    public sealed record MissingItem(string Code, string Label, string? Remark)
    {
        /// <summary>The checklist label states the criterion as met; the gemeente must read what is missing.</summary>
        public string Missing => ReferenceData.ReferenceDataLoader.MissingWording(Code, Label);
    }

    /// <summary>The open aanvulverzoek as the gemeente reads it: what is missing, by when, and the letter.</summary>
    public sealed record Request(int ApplicationId, OpenRequest Open, IReadOnlyList<MissingItem> Missing, SupplementWindow Window);

    public sealed record Page(ApplicationRow Application, Round Round, Request Request, DraftForm Form, PlanVersion? Plan)
    {
        public DraftFields Fields => new(Application.Id, Round, Form, Plan);
    }

    // The latest aanvulverzoek, unanswered; whether it may still be answered is LateSupplement's to say (an expired one may).
    internal const string OpenRequestSql = """
        SELECT c.id, c.sent_on AS SentOn, c.due_on AS DueOn, c.explanation, r.late_supplement_policy AS LatePolicy
        FROM completion_requests c JOIN applications a ON a.id = c.application_id JOIN rounds r ON r.id = a.round_id
        WHERE c.application_id = @applicationId AND c.supplement_received_at_utc IS NULL
          AND c.id = (SELECT MAX(l.id) FROM completion_requests l WHERE l.application_id = @applicationId)
        """;

    internal const string MissingSql = """
        SELECT ci.code, ci.label, ji.remark FROM completion_requests c
        JOIN judgement_items ji ON ji.judgement_id = c.judgement_id AND ji.complete = 0
        JOIN applications a ON a.id = c.application_id
        JOIN checklist_items ci ON ci.round_id = a.round_id AND ci.code = ji.code
        WHERE c.id = @requestId ORDER BY ci.position
        """;

    internal const string LastReceiptSql = "SELECT last_receipt_utc FROM rounds WHERE id = @roundId";

    internal const string RecordReceiptSql = "UPDATE rounds SET last_receipt_utc = @moment WHERE id = @roundId";

    internal const string MarkReceivedSql = "UPDATE applications SET latest_receipt_utc = @moment WHERE id = @id";

    internal const string CloseRequestSql = """
        UPDATE completion_requests SET supplement_received_at_utc = @moment, supplement_received_on = @receivedOn WHERE id = @requestId
        """;

    // A late supplement closes the request as lapsed too (the expiry job may not have run yet): the term passed unused.
    internal const string CloseLateRequestSql = """
        UPDATE completion_requests SET supplement_received_at_utc = @moment, supplement_received_on = @receivedOn,
            expired_on = COALESCE(expired_on, due_on), set_aside_due_on = COALESCE(set_aside_due_on, @setAsideDueOn)
        WHERE id = @requestId
        """;

    /// <summary>The aanvulverzoek the gemeente may still answer today, or null when there is none.</summary>
    public static async Task<Request?> OpenRequestAsync(Db db, ApplicationRow application, DateOnly today, CancellationToken ct)
    {
        if (application.StateValue is not (ApplicationState.AanvullingGevraagd or ApplicationState.BuitenBehandeling)) return null;
        if (await db.QuerySingleOrDefaultAsync<OpenRequest>(OpenRequestSql, new { applicationId = application.Id }, ct) is not { } open) return null;
        var window = LateSupplement.WindowFor(application.StateValue, open.DueOn, today, open.LatePolicy);
        // Until the expiry job has run, a refused late one still shows what was asked (sending it then says the term passed).
        if (window == SupplementWindow.Closed && application.StateValue != ApplicationState.AanvullingGevraagd) return null;
        return new Request(application.Id, open, await db.QueryAsync<MissingItem>(MissingSql, new { requestId = open.Id }, ct), window);
    }

    public sealed class Handler(Db db, TimeProvider clock, EditDraft.Fields fields, ApplicationQueries queries)
    {
        public async Task<Page?> LoadAsync(ApplicationRow application, DraftForm? form, CancellationToken ct)
        {
            if (await OpenRequestAsync(db, application, Amsterdam.Today(clock), ct) is not { } request) return null;
            form ??= application.Draft.ToForm(application.CurrentPlanId);
            var plan = form.PlanId is { } planId ? await queries.StagedPlanAsync(planId, application, ct) : null;
            return new Page(application, await queries.RoundAsync(application.RoundId, ct), request, form, plan);
        }

        public async Task<Outcome<int?>> HandleAsync(CurrentUser user, ApplicationRow application, Round round, DraftForm form, IFormFile? upload, CancellationToken ct)
        {
            if (user.Role != Roles.Tekenbevoegde)
                return new Outcome<int?>(form.PlanId, new Errors { [FormLevel.NotAllowed] = "Alleen een tekenbevoegde van de gemeente kan de aanvulling indienen." });
            var prepared = await fields.PrepareAsync(user, application, round, form, upload, ct);
            var errors = prepared.Errors;
            foreach (var (field, message) in ApplicationRules.CheckComplete(prepared.Draft, prepared.PlanId is not null)) errors.TryAdd(field, message);
            if (!errors.None) return new Outcome<int?>(prepared.PlanId, errors);
            var outcome = await db.TryCaseWriteAsync<int?>(application.Id, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.QuerySingleOrDefaultAsync<OpenRequest>(OpenRequestSql, new { applicationId = application.Id }, ct) is not { } request)
                    return Outcome<int?>.Fail(FormLevel.Status, "Er staat geen verzoek om aanvulling open voor deze aanvraag.");
                var today = Amsterdam.Today(clock);
                var state = await w.StateOfAsync(application.Id, ct);
                var window = LateSupplement.WindowFor(state, request.DueOn, today, request.LatePolicy);
                if (window == SupplementWindow.Closed)
                    return Outcome<int?>.Fail(FormLevel.Status, today > request.DueOn
                        ? $"De termijn voor aanvulling is verstreken: aanvullen kon tot en met {Amsterdam.FormatDate(request.DueOn)}."
                        : "De status van deze aanvraag is intussen gewijzigd. Bekijk de aanvraag opnieuw.");
                var moment = ApplicationRules.NextReceiptMoment(now, await w.Tx.QuerySingleOrDefaultAsync<DateTime?>(LastReceiptSql, new { roundId = application.RoundId }, ct));

                if (!await EditDraft.Fields.WriteAsync(w.Tx, application, prepared, state, moment, ct))
                    return Outcome<int?>.Fail(FormLevel.Status, "De status van deze aanvraag is intussen gewijzigd. Bekijk de aanvraag opnieuw.");
                await w.Tx.ExecuteAsync(RecordReceiptSql, new { moment, roundId = application.RoundId }, ct);
                await w.Tx.ExecuteAsync(MarkReceivedSql, new { id = application.Id, moment }, ct);
                await w.Tx.ExecuteAsync(PlanFiles.MarkReceivedSql, new { moment, applicationId = application.Id }, ct);
                var receivedOn = DateOnly.FromDateTime(Amsterdam.ToLocal(moment));
                if (window == SupplementWindow.OnTime)
                {
                    await w.Tx.ExecuteAsync(CloseRequestSql, new { moment, receivedOn, requestId = request.Id }, ct);
                    await w.MoveAsync(application.Id, ApplicationState.AanvullingGevraagd, ApplicationState.InBehandeling, moment, user.Id, "Aanvulling ontvangen", ct);
                    await w.AppendToLedgerAsync(new LedgerAppend(application.Id, application.KenmerkNumber!.Value, LedgerEvent.AanvullingOntvangen, moment, 0, user.Id, moment), ct);
                }
                else
                {
                    // Not ranked yet: the ledger hears of it only when the reviewer accepts it (AcceptLateSupplement).
                    var setAsideDueOn = Terms.SetAsideDeadline(request.DueOn, await DecisionClock.DesignatedDaysAsync(w.Tx, ct));
                    await w.Tx.ExecuteAsync(CloseLateRequestSql, new { moment, receivedOn, setAsideDueOn, requestId = request.Id }, ct);
                    if (state == ApplicationState.AanvullingGevraagd)
                        await w.MoveAsync(application.Id, ApplicationState.AanvullingGevraagd, ApplicationState.BuitenBehandeling, moment, user.Id,
                            $"Aanvulling ontvangen na de termijn (tot en met {Amsterdam.FormatDate(request.DueOn)}); de behandelaar beslist", ct);
                }
                await DecisionClock.RefreshAsync(w.Tx, application.Id, ct);
                await w.AuditAsync(moment, new AuditLog.Entry(window == SupplementWindow.OnTime ? "AanvullingIngediend" : "AanvullingTeLaatIngediend", user.Id,
                    ApplicationId: application.Id, MunicipalityId: application.MunicipalityId, Details: application.Kenmerk), ct);
                var plan = (await w.Tx.QuerySingleAsync<ApplicationRow>(ApplicationQueries.FindSql, new { id = application.Id, municipalityId = application.MunicipalityId }, ct));
                var recipients = await Recipients.OfGemeenteAsync(w.Tx, application.MunicipalityId, prepared.Draft.ContactEmail, ct);
                return Outcome<int?>.Ok(await w.EnqueueMailAsync(new OutgoingMail(recipients,
                    $"Ontvangstbevestiging aanvulling {application.Kenmerk}",
                    ReceiptDocument.MailBody(application.Kenmerk!, application.MunicipalityName, moment, round.Name, plan.PlanFileName!, plan.PlanSha256!, supplement: true),
                    ReceiptDocument.SupplementKind(request.Id), application.Id), moment, ct));
            }, ct);
            return outcome.Succeeded ? outcome : outcome with { Value = prepared.PlanId };
        }
    }
}
