using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>
/// The tekenbevoegde answers an aanvulverzoek before its term ends: corrected fields and/or a new plan
/// version, all at once. The supplement gets its own receipt moment (which becomes the ranking moment
/// when the application is then judged complete), its own receipt and e-mail, and the decision clock runs again.
/// </summary>
public static class SubmitSupplement
{
    public sealed record OpenRequest(int Id, DateOnly SentOn, DateOnly DueOn, string Explanation);
    public sealed record MissingItem(string Code, string Label, string? Remark)
    {
        /// <summary>The checklist label states the criterion as met; the gemeente must read what is missing.</summary>
        public string Missing => ReferenceData.ReferenceDataLoader.MissingWording(Code, Label);
    }

    /// <summary>The open aanvulverzoek as the gemeente reads it: what is missing, by when, and the letter.</summary>
    public sealed record Request(int ApplicationId, OpenRequest Open, IReadOnlyList<MissingItem> Missing);

    public sealed record Page(ApplicationRow Application, Round Round, Request Request, DraftForm Form, PlanVersion? Plan)
    {
        public DraftFields Fields => new(Application.Id, Round, Form, Plan);
    }

    internal const string OpenRequestSql = """
        SELECT id, sent_on AS SentOn, due_on AS DueOn, explanation FROM completion_requests
        WHERE application_id = @applicationId AND supplement_received_at_utc IS NULL AND expired_on IS NULL
        ORDER BY id DESC
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

    /// <summary>The aanvulverzoek still open for the application, or null when none is (or it is not waiting for a supplement).</summary>
    public static async Task<Request?> OpenRequestAsync(Db db, ApplicationRow application, CancellationToken ct)
    {
        if (application.StateValue != ApplicationState.AanvullingGevraagd) return null;
        if (await db.QuerySingleOrDefaultAsync<OpenRequest>(OpenRequestSql, new { applicationId = application.Id }, ct) is not { } open) return null;
        return new Request(application.Id, open, await db.QueryAsync<MissingItem>(MissingSql, new { requestId = open.Id }, ct));
    }

    public sealed class Handler(Db db, TimeProvider clock, EditDraft.Fields fields, ApplicationQueries queries)
    {
        public async Task<Page?> LoadAsync(ApplicationRow application, DraftForm? form, CancellationToken ct)
        {
            if (await OpenRequestAsync(db, application, ct) is not { } request) return null;
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
                if (Amsterdam.Today(clock) > request.DueOn)
                    return Outcome<int?>.Fail(FormLevel.Status, $"De termijn voor aanvulling is verstreken: aanvullen kon tot en met {Amsterdam.FormatDate(request.DueOn)}.");
                var moment = ApplicationRules.NextReceiptMoment(now, await w.Tx.QuerySingleOrDefaultAsync<DateTime?>(LastReceiptSql, new { roundId = application.RoundId }, ct));

                if (!await EditDraft.Fields.WriteAsync(w.Tx, application, prepared, ApplicationState.AanvullingGevraagd, moment, ct))
                    return Outcome<int?>.Fail(FormLevel.Status, "De status van deze aanvraag is intussen gewijzigd. Bekijk de aanvraag opnieuw.");
                await w.Tx.ExecuteAsync(RecordReceiptSql, new { moment, roundId = application.RoundId }, ct);
                await w.Tx.ExecuteAsync(MarkReceivedSql, new { id = application.Id, moment }, ct);
                await w.Tx.ExecuteAsync(PlanFiles.MarkReceivedSql, new { moment, applicationId = application.Id }, ct);
                await w.Tx.ExecuteAsync(CloseRequestSql, new { moment, receivedOn = DateOnly.FromDateTime(Amsterdam.ToLocal(moment)), requestId = request.Id }, ct);
                await w.MoveAsync(application.Id, ApplicationState.AanvullingGevraagd, ApplicationState.InBehandeling, moment, user.Id, "Aanvulling ontvangen", ct);
                await w.AppendToLedgerAsync(new LedgerAppend(application.Id, application.KenmerkNumber!.Value, LedgerEvent.AanvullingOntvangen, moment, 0, user.Id, moment), ct);
                await DecisionClock.RefreshAsync(w.Tx, application.Id, ct);
                await w.AuditAsync(moment, new AuditLog.Entry("AanvullingIngediend", user.Id, ApplicationId: application.Id, MunicipalityId: application.MunicipalityId, Details: application.Kenmerk), ct);
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
