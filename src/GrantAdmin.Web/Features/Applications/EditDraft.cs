using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>Save a draft at any point: only well-formed values are stored, and all of them or none.</summary>
public static class EditDraft
{
    public sealed record Page(ApplicationRow Application, Round Round, DraftForm Form, PlanVersion? Plan)
    {
        public DraftFields Fields => new(Application.Id, Round, Form, Plan);
    }

    internal const string UpdateSql = """
        UPDATE applications SET
            contact_name = @ContactName, contact_email = @ContactEmail, contact_phone = @ContactPhone,
            activity_project_leader = @ActivityProjectLeader, activity_research = @ActivityResearch,
            project_start = @ProjectStart, project_end = @ProjectEnd, requested_cents = @RequestedCents,
            budget_project_leader_cents = @BudgetProjectLeaderCents, budget_research_cents = @BudgetResearchCents,
            iban = @Iban, account_holder = @AccountHolder, statement_truthful = @StatementTruthful,
            statement_purpose = @StatementPurpose, statement_no_double_funding = @StatementNoDoubleFunding,
            statement_accountability = @StatementAccountability, updated_at_utc = @now
        WHERE id = @id AND municipality_id = @municipalityId AND state = @editableState
        """;

    internal const string AttachPlanSql = """
        UPDATE plan_files SET application_id = @id
        WHERE id = @planId AND municipality_id = @municipalityId AND (application_id IS NULL OR application_id = @id)
        """;

    internal const string SetCurrentPlanSql = "UPDATE applications SET current_plan_id = @planId WHERE id = @id";

    public sealed class Handler(Db db, TimeProvider clock, PlanUpload planUpload, ApplicationQueries queries)
    {
        public async Task<Outcome<int?>> SaveAsync(CurrentUser user, ApplicationRow application, Round round, DraftForm form,
            IFormFile? upload, CancellationToken ct)
        {
            var errors = new Errors();
            var planId = form.PlanId is { } kept && await queries.StagedPlanAsync(kept, application, ct) is not null ? kept : application.CurrentPlanId;
            if (application.StateValue != ApplicationState.Concept)
                return new Outcome<int?>(planId, errors.Add(FormLevel.Status, "Deze aanvraag is ingediend en kan niet meer worden gewijzigd.", true));
            if (upload is not null)
            {
                var staged = await planUpload.StageAsync(upload, application.MunicipalityId, user.Id, ct);
                if (staged.Succeeded) planId = staged.Value;
                else foreach (var (field, message) in staged.Errors) errors.TryAdd(field, message);
            }
            var (draft, parseErrors) = ApplicationRules.Parse(form, round);
            foreach (var (field, message) in parseErrors) errors.TryAdd(field, message);
            if (!errors.None) return new Outcome<int?>(planId, errors);

            var outcome = await db.TryWriteAsync<int?>(async (_, tx) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var updated = await tx.ExecuteAsync(UpdateSql, new
                {
                    draft.ContactName, draft.ContactEmail, draft.ContactPhone, draft.ActivityProjectLeader, draft.ActivityResearch,
                    draft.ProjectStart, draft.ProjectEnd, draft.RequestedCents, draft.BudgetProjectLeaderCents, draft.BudgetResearchCents,
                    draft.Iban, draft.AccountHolder, draft.StatementTruthful, draft.StatementPurpose, draft.StatementNoDoubleFunding,
                    draft.StatementAccountability, now, id = application.Id, municipalityId = application.MunicipalityId,
                    editableState = nameof(ApplicationState.Concept),
                }, ct);
                if (updated == 0)
                    return Outcome<int?>.Fail(FormLevel.Status, "Deze aanvraag is ingediend en kan niet meer worden gewijzigd.");
                if (planId is { } newPlan && newPlan != application.CurrentPlanId)
                {
                    await tx.ExecuteAsync(AttachPlanSql, new { id = application.Id, planId = newPlan, municipalityId = application.MunicipalityId }, ct);
                    await tx.ExecuteAsync(SetCurrentPlanSql, new { id = application.Id, planId = newPlan }, ct);
                    await tx.ExecuteAsync(Dashboard.InsertAuditSql, new { now, userId = user.Id, action = "ProjectplanToegevoegd", applicationId = application.Id, municipalityId = application.MunicipalityId, details = $"plan {newPlan}" }, ct);
                }
                await tx.ExecuteAsync(Dashboard.InsertAuditSql, new { now, userId = user.Id, action = "ConceptOpgeslagen", applicationId = application.Id, municipalityId = application.MunicipalityId, details = (string?)null }, ct);
                return Outcome<int?>.Ok(planId);
            }, ct);
            return outcome.Succeeded ? outcome : outcome with { Value = planId };
        }
    }
}
