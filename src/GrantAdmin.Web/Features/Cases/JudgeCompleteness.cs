using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using System.Data.Common;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>
/// The reviewer ticks each checklist item complete or missing. Complete: the application ranks at the
/// receipt moment of the submission or supplement that made it complete (never the click). Missing: an
/// aanvulverzoek with a term, a letter and an e-mail, and the decision clock stops.
/// </summary>
public static class JudgeCompleteness
{
    public sealed class Item
    {
        [MaxText(TextSize.Value)] public string? Code { get; set; }
        public bool Complete { get; set; }
        [MaxText(TextSize.Reason)] public string? Remark { get; set; }
    }

    public sealed record Form(List<Item>? Items, [MaxText(TextSize.Explanation)] string? Explanation, [MaxText(TextSize.Value)] string? TermDays);

    public sealed record Judged(bool Complete);

    internal const string ChecklistSql = """
        SELECT c.code, c.label FROM checklist_items c JOIN applications a ON a.round_id = c.round_id
        WHERE a.id = @applicationId ORDER BY c.position
        """;

    internal const string CaseSql = """
        SELECT a.round_id AS RoundId, a.state, a.assigned_to_user_id AS AssignedTo, a.latest_receipt_utc AS LatestReceiptUtc,
               a.kenmerk_number AS KenmerkNumber, a.kenmerk, m.name AS MunicipalityName, a.municipality_id AS MunicipalityId,
               a.contact_email AS ContactEmail, r.completion_term_days AS DefaultTermDays
        FROM applications a JOIN municipalities m ON m.id = a.municipality_id JOIN rounds r ON r.id = a.round_id
        WHERE a.id = @applicationId AND a.kenmerk IS NOT NULL
        """;

    internal const string InsertJudgementSql = """
        INSERT INTO judgements (application_id, judged_at_utc, user_id, complete, ranking_moment_utc)
        VALUES (@applicationId, @now, @userId, @complete, @rankingMoment)
        """;

    internal const string InsertItemSql = """
        INSERT INTO judgement_items (judgement_id, code, complete, remark) VALUES (@judgementId, @code, @complete, @remark)
        """;

    internal const string MarkCompleteSql = "UPDATE applications SET ranking_moment_utc = latest_receipt_utc WHERE id = @applicationId";

    internal const string InsertRequestSql = """
        INSERT INTO completion_requests (application_id, judgement_id, sent_at_utc, sent_on, term_days, due_on, explanation)
        VALUES (@applicationId, @judgementId, @now, @sentOn, @termDays, @dueOn, @explanation)
        """;

    private sealed record Case(int RoundId, string State, int? AssignedTo, DateTime? LatestReceiptUtc, int KenmerkNumber, string Kenmerk,
        string MunicipalityName, int MunicipalityId, string? ContactEmail, int DefaultTermDays);

    public sealed record ChecklistItem(string Code, string Label);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public Task<IReadOnlyList<ChecklistItem>> ChecklistAsync(int applicationId, CancellationToken ct) =>
            db.ReadAsync(tx => ChecklistAsync(tx, applicationId, ct), ct);

        public static Task<IReadOnlyList<ChecklistItem>> ChecklistAsync(DbTransaction tx, int applicationId, CancellationToken ct) =>
            tx.QueryAsync<ChecklistItem>(ChecklistSql, new { applicationId }, ct);

        public async Task<Outcome<Judged>> HandleAsync(CurrentUser reviewer, int applicationId, Form form, CancellationToken ct)
        {
            var checklist = await ChecklistAsync(applicationId, ct);
            // The page posts each item once; a repeated code (a tampered or doubled form) must not pick one answer silently.
            var posted = (form.Items ?? []).Where(i => i.Code is not null).ToLookup(i => i.Code!);
            var answers = posted.Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
            var errors = new Errors();
            foreach (var (item, index) in checklist.Select((c, i) => (c, i)))
            {
                var answer = answers.GetValueOrDefault(item.Code);
                errors.Add($"Items[{index}].Remark", $"'{item.Label}' is meer dan eens beoordeeld. Laad de pagina opnieuw en beoordeel elk onderdeel één keer.",
                    posted[item.Code].Count() > 1);
                errors.Add($"Items[{index}].Remark", $"Geef bij '{item.Label}' aan wat er ontbreekt.", answer is null || !answer.Complete && string.IsNullOrWhiteSpace(answer.Remark));
            }
            var complete = checklist.All(c => answers.GetValueOrDefault(c.Code)?.Complete == true);
            int? termDays = null;
            if (!complete)
            {
                errors.Add(nameof(Form.Explanation), "Leg in de brief uit wat de gemeente moet aanvullen.", string.IsNullOrWhiteSpace(form.Explanation));
                termDays = int.TryParse(form.TermDays, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 90 ? days : null;
                errors.Add(nameof(Form.TermDays), "Vul een termijn in van 1 tot en met 90 dagen.", termDays is null && !string.IsNullOrWhiteSpace(form.TermDays));
            }
            if (!errors.None) return Outcome<Judged>.Fail(errors);

            return await db.TryCaseWriteAsync<Judged>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.QuerySingleOrDefaultAsync<Case>(CaseSql, new { applicationId }, ct) is not { } c)
                    return Outcome<Judged>.Fail(FormLevel.Status, "Deze aanvraag bestaat niet.");
                if (c.State is not (nameof(ApplicationState.Ingediend) or nameof(ApplicationState.InBehandeling)))
                    return Outcome<Judged>.Fail(FormLevel.Status, $"Een aanvraag met de status '{StateMachine.Label(Enum.Parse<ApplicationState>(c.State))}' kan niet op volledigheid worden beoordeeld.");
                if (c.AssignedTo != reviewer.Id)
                    return Outcome<Judged>.Fail(FormLevel.NotAllowed, "Pak de aanvraag eerst op: alleen de toegewezen behandelaar beoordeelt haar.");
                if (c.State == nameof(ApplicationState.Ingediend))
                {
                    await w.MoveAsync(applicationId, ApplicationState.Ingediend, ApplicationState.InBehandeling, now, reviewer.Id, null, ct);
                }

                var rankingMoment = complete ? DateTime.SpecifyKind(c.LatestReceiptUtc!.Value, DateTimeKind.Utc) : (DateTime?)null;
                var judgementId = await w.InsertAsync(InsertJudgementSql, new { applicationId, now, userId = reviewer.Id, complete, rankingMoment }, ct);
                foreach (var item in checklist)
                {
                    var answer = answers[item.Code];
                    await w.Tx.ExecuteAsync(InsertItemSql, new { judgementId, code = item.Code, complete = answer.Complete, remark = answer.Remark?.Trim() }, ct);
                }

                if (complete)
                {
                    await w.Tx.ExecuteAsync(MarkCompleteSql, new { applicationId, now }, ct);
                    await w.MoveAsync(applicationId, ApplicationState.InBehandeling, ApplicationState.Volledig, now, reviewer.Id,
                        $"Volledig; rangordemoment {Amsterdam.Format(rankingMoment!.Value)}", ct);
                    await w.AppendToLedgerAsync(new LedgerAppend(applicationId, c.KenmerkNumber, LedgerEvent.Volledig, rankingMoment.Value, 0, reviewer.Id, now), ct);
                    await w.AuditAsync(now, new AuditLog.Entry("BeoordeeldVolledig", reviewer.Id, ApplicationId: applicationId, MunicipalityId: c.MunicipalityId, Details: c.Kenmerk), ct);
                    return Outcome<Judged>.Ok(new Judged(true));
                }

                var designated = await DecisionClock.DesignatedDaysAsync(w.Tx, ct);
                var days = termDays ?? c.DefaultTermDays;
                var dueOn = Terms.End(now, days, designated);
                var requestId = await w.InsertAsync(InsertRequestSql, new
                {
                    applicationId, judgementId, now, sentOn = DateOnly.FromDateTime(Amsterdam.ToLocal(now)), termDays = days, dueOn,
                    explanation = form.Explanation!.Trim(),
                }, ct);
                await w.MoveAsync(applicationId, ApplicationState.InBehandeling, ApplicationState.AanvullingGevraagd, now, reviewer.Id,
                    $"Aanvulverzoek; aanvullen uiterlijk {Amsterdam.FormatDate(dueOn)}", ct);
                await w.AppendToLedgerAsync(new LedgerAppend(applicationId, c.KenmerkNumber, LedgerEvent.AanvullingGevraagd, now, 0, reviewer.Id, now), ct);
                await DecisionClock.RefreshAsync(w.Tx, applicationId, ct);
                await w.AuditAsync(now, new AuditLog.Entry("AanvulverzoekVerstuurd", reviewer.Id, ApplicationId: applicationId, MunicipalityId: c.MunicipalityId, Details: $"{c.Kenmerk} tot {dueOn:yyyy-MM-dd}"), ct);
                var recipients = await Recipients.OfGemeenteAsync(w.Tx, c.MunicipalityId, c.ContactEmail, ct);
                await w.EnqueueMailAsync(new OutgoingMail(recipients, $"Verzoek om aanvulling van aanvraag {c.Kenmerk}",
                    $"""
                    Geacht college van burgemeester en wethouders van de gemeente {c.MunicipalityName},

                    Uw aanvraag {c.Kenmerk} is niet volledig. In de bijgevoegde brief staat wat ontbreekt.
                    U kunt de aanvulling indienen tot en met {Amsterdam.FormatDate(dueOn)}, via het portaal, door een tekenbevoegde.
                    Het moment waarop de aanvulling ons bereikt, bepaalt de plaats van uw aanvraag in de volgorde.

                    Met vriendelijke groet,
                    Het uitvoeringsteam cliëntondersteuning
                    """, CompletionRequestLetter.Kind(requestId), applicationId), now, ct);
                return Outcome<Judged>.Ok(new Judged(false));
            }, ct);
        }
    }
}
