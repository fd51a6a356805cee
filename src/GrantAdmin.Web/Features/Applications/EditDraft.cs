using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
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

    /// <summary>The form read into a draft, with the plan it carries (kept from before, or just uploaded), or the errors.</summary>
    public sealed record Prepared(Draft Draft, int? PlanId, Errors Errors);

    /// <summary>
    /// What the draft form and the supplement form share: stage an uploaded plan (kept even when other
    /// fields are wrong), read the fields, and later write them and the plan into the application.
    /// </summary>
    public sealed class Fields(PlanUpload planUpload, ApplicationQueries queries)
    {
        public async Task<Prepared> PrepareAsync(CurrentUser user, ApplicationRow application, Round round, DraftForm form, IFormFile? upload, CancellationToken ct)
        {
            var errors = new Errors();
            // Only this gemeente's own staged upload, or the application's current plan, can be carried by the form.
            var carried = form.PlanId is { } kept && await queries.StagedPlanAsync(kept, application, ct) is not null ? kept : (int?)null;
            var planId = carried ?? application.CurrentPlanId;
            if (upload is not null)
            {
                // A new upload replaces the staged one the form carried, so correcting a form does not pile up copies.
                var staged = await planUpload.StageAsync(upload, application.MunicipalityId, user.Id, carried, ct);
                if (staged.Succeeded) planId = staged.Value;
                else foreach (var (field, message) in staged.Errors) errors.TryAdd(field, message);
            }
            var (draft, parseErrors) = ApplicationRules.Parse(form, round);
            foreach (var (field, message) in parseErrors) errors.TryAdd(field, message);
            return new Prepared(draft, planId, errors);
        }

        /// <summary>Writes the fields while the application is in <paramref name="editableState"/>; false when it no longer is.</summary>
        public static async Task<bool> WriteAsync(System.Data.Common.DbTransaction tx, ApplicationRow application, Prepared prepared,
            ApplicationState editableState, DateTime now, CancellationToken ct)
        {
            var d = prepared.Draft;
            var updated = await tx.ExecuteAsync(UpdateSql, new
            {
                d.ContactName, d.ContactEmail, d.ContactPhone, d.ActivityProjectLeader, d.ActivityResearch, d.ProjectStart, d.ProjectEnd,
                d.RequestedCents, d.BudgetProjectLeaderCents, d.BudgetResearchCents, d.Iban, d.AccountHolder, d.StatementTruthful,
                d.StatementPurpose, d.StatementNoDoubleFunding, d.StatementAccountability, now, id = application.Id,
                municipalityId = application.MunicipalityId, editableState = editableState.ToString(),
            }, ct);
            if (updated == 0) return false;
            if (prepared.PlanId is { } planId && planId != application.CurrentPlanId)
            {
                await tx.ExecuteAsync(AttachPlanSql, new { id = application.Id, planId, municipalityId = application.MunicipalityId }, ct);
                await tx.ExecuteAsync(SetCurrentPlanSql, new { id = application.Id, planId }, ct);
            }
            return true;
        }
    }

    public sealed class Handler(Db db, TimeProvider clock, Fields fields)
    {
        public async Task<Outcome<int?>> SaveAsync(CurrentUser user, ApplicationRow application, Round round, DraftForm form,
            IFormFile? upload, CancellationToken ct)
        {
            if (application.StateValue != ApplicationState.Concept)
                return new Outcome<int?>(application.CurrentPlanId, new Errors { [FormLevel.Status] = "Deze aanvraag is ingediend en kan niet meer worden gewijzigd." });
            var prepared = await fields.PrepareAsync(user, application, round, form, upload, ct);
            if (!prepared.Errors.None) return new Outcome<int?>(prepared.PlanId, prepared.Errors);

            var outcome = await db.TryWriteAsync<int?>(async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (!await Fields.WriteAsync(w.Tx, application, prepared, ApplicationState.Concept, now, ct))
                    return Outcome<int?>.Fail(FormLevel.Status, "Deze aanvraag is ingediend en kan niet meer worden gewijzigd.");
                if (prepared.PlanId is { } newPlan && newPlan != application.CurrentPlanId)
                    await w.AuditAsync(now, new AuditLog.Entry("ProjectplanToegevoegd", user.Id, ApplicationId: application.Id, MunicipalityId: application.MunicipalityId, Details: $"plan {newPlan}"), ct);
                await w.AuditAsync(now, new AuditLog.Entry("ConceptOpgeslagen", user.Id, ApplicationId: application.Id, MunicipalityId: application.MunicipalityId), ct);
                return Outcome<int?>.Ok(prepared.PlanId);
            }, ct);
            return outcome.Succeeded ? outcome : outcome with { Value = prepared.PlanId };
        }
    }
}
