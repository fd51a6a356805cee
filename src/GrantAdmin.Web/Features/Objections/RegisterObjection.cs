using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Objections;

/// <summary>
/// The office registers a bezwaar received on a sent decision: when it came in (and, for one sent by post, when it was
/// posted), who filed it and what it is about. In time or late is computed from the decision's objection term; the
/// handling term (Awb 7:10(1)) is stored with it.
/// </summary>
public static class RegisterObjection
{
    public sealed record Form([MaxText(TextSize.Value)] string? ReceivedOn, [MaxText(TextSize.Value)] string? PostedOn, [MaxText(TextSize.Name)] string? FiledBy, [MaxText(TextSize.Explanation)] string? Summary);

    public sealed record SentDecision(int Id, string Kind, DateOnly SentOn, DateOnly ObjectionDueOn);

    public sealed record Page(int ApplicationId, string Kenmerk, string MunicipalityName, SentDecision? Decision, Form Form, DateOnly Today);

    public sealed record Registered(int Id, bool IsLate, DateOnly HandlingDueOn);

    internal const string CaseSql = """
        SELECT a.kenmerk, m.name AS MunicipalityName, a.municipality_id AS MunicipalityId
        FROM applications a JOIN municipalities m ON m.id = a.municipality_id WHERE a.id = @applicationId AND a.kenmerk IS NOT NULL
        """;

    /// <summary>The decision a bezwaar is against: the last one approved and sent.</summary>
    internal const string SentDecisionSql = """
        SELECT id, kind, sent_on AS SentOn, objection_due_on AS ObjectionDueOn FROM decisions
        WHERE application_id = @applicationId AND status = 'Goedgekeurd' AND sent_on IS NOT NULL AND objection_due_on IS NOT NULL
        ORDER BY id DESC
        """;

    internal const string InsertSql = """
        INSERT INTO objections (application_id, decision_id, received_on, posted_on, filed_by, summary, objection_due_on, is_late,
            handling_due_on, registered_by_user_id, registered_at_utc)
        VALUES (@applicationId, @decisionId, @receivedOn, @postedOn, @filedBy, @summary, @objectionDueOn, @isLate, @handlingDueOn, @userId, @now)
        """;

    private sealed record Case(string Kenmerk, string MunicipalityName, int MunicipalityId);

    public const string NoDecision = "Op deze aanvraag is nog geen besluit verzonden. Een bezwaar kan alleen tegen een verzonden besluit worden geregistreerd.";

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Page?> LoadAsync(int applicationId, Form? form, CancellationToken ct)
        {
            if (await db.QuerySingleOrDefaultAsync<Case>(CaseSql, new { applicationId }, ct) is not { } c) return null;
            var decision = (await db.QueryAsync<SentDecision>(SentDecisionSql, new { applicationId }, ct)).FirstOrDefault();
            return new Page(applicationId, c.Kenmerk, c.MunicipalityName, decision, form ?? new Form(null, null, null, null), Amsterdam.Today(clock));
        }

        public async Task<Outcome<Registered>> HandleAsync(CurrentUser reviewer, int applicationId, Form form, CancellationToken ct)
        {
            var errors = new Errors();
            var receivedOn = ApplicationRules.ParseDate(form.ReceivedOn, nameof(Form.ReceivedOn), "ontvangstdatum", errors);
            errors.Add(nameof(Form.ReceivedOn), "Vul de datum in waarop het bezwaarschrift binnenkwam, zoals 1-3-2023.", receivedOn is null && string.IsNullOrWhiteSpace(form.ReceivedOn));
            var postedOn = ApplicationRules.ParseDate(form.PostedOn, nameof(Form.PostedOn), "datum van verzending (poststempel)", errors);

            return await db.TryCaseWriteAsync<Registered>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var today = Amsterdam.Today(clock);
                if (await w.Tx.QuerySingleOrDefaultAsync<Case>(CaseSql, new { applicationId }, ct) is not { } c)
                    return Outcome<Registered>.Fail(FormLevel.Status, "Deze aanvraag bestaat niet.");
                if ((await w.Tx.QueryAsync<SentDecision>(SentDecisionSql, new { applicationId }, ct)).FirstOrDefault() is not { } decision)
                    return Outcome<Registered>.Fail(FormLevel.Status, NoDecision);
                ObjectionRules.ValidateRegistration(receivedOn, postedOn, form.FiledBy, form.Summary, decision.SentOn, today, errors);
                if (!errors.None) return Outcome<Registered>.Fail(errors);

                var designated = await DecisionClock.DesignatedDaysAsync(w.Tx, ct);
                var isLate = ObjectionRules.IsLate(decision.ObjectionDueOn, receivedOn!.Value, postedOn, designated);
                var handlingDueOn = ObjectionRules.HandlingDeadline(decision.ObjectionDueOn, extended: false, designated);
                var filedBy = form.FiledBy!.Trim();
                var id = await w.InsertAsync(InsertSql, new
                {
                    applicationId, decisionId = decision.Id, receivedOn, postedOn, filedBy, summary = form.Summary!.Trim(),
                    objectionDueOn = decision.ObjectionDueOn, isLate, handlingDueOn, userId = reviewer.Id, now,
                }, ct);
                var timeliness = isLate ? "te laat" : "op tijd";
                var details = $"Bezwaar {id} van {filedBy}, ontvangen {Amsterdam.FormatDate(receivedOn.Value)} ({timeliness}; termijn tot en met "
                    + $"{Amsterdam.FormatDate(decision.ObjectionDueOn)}); beslissen uiterlijk {Amsterdam.FormatDate(handlingDueOn)}.";
                await w.AuditAsync(now, new AuditLog.Entry("BezwaarGeregistreerd", reviewer.Id, applicationId, c.MunicipalityId,
                    Details: $"{c.Kenmerk}: {details}", After: timeliness), ct);
                return Outcome<Registered>.Ok(new Registered(id, isLate, handlingDueOn));
            }, ct);
        }
    }
}
