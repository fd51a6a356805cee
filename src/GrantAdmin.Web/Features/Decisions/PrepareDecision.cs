using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>The kinds of decision on an application (domain.md §3), stored by name.</summary>
public enum DecisionKind
{
    Verlening,
    Afwijzing,
    BuitenBehandeling,
}

/// <summary>
/// A reviewer prepares a decision: a grant of the current reservation, a refusal on a ground from the fixed
/// list, or setting the application aside within four weeks after its completion term ended unused. The case
/// moves via Besluit in voorbereiding to Besluit ter accordering, where a second reviewer approves or returns it.
/// </summary>
public static class PrepareDecision
{
    public const string CeilingGround = "Het uitkeringsplafond is bereikt";
    public const string NotEligibleGround = "De aanvraag voldoet niet aan de regeling";
    public static readonly IReadOnlyList<string> Grounds = [CeilingGround, NotEligibleGround];

    public sealed record Form([MaxText(TextSize.Value)] string? Kind, [MaxText(TextSize.Name)] string? Ground, [MaxText(TextSize.Explanation)] string? Explanation);

    /// <summary>
    /// The state the decision is prepared from: Volledig or BuitenBehandeling, or, once a decision was returned,
    /// the one the case came from before its first preparation.
    /// </summary>
    internal const string CaseSql = """
        SELECT a.round_id AS RoundId, a.state, a.kenmerk, a.municipality_id AS MunicipalityId, a.allocation, a.reserved_cents AS ReservedCents,
               r.rule_version AS RuleVersion,
               (SELECT t.from_state FROM state_transitions t WHERE t.id = (SELECT MAX(t2.id) FROM state_transitions t2
                   WHERE t2.application_id = a.id AND t2.to_state = 'BesluitInVoorbereiding' AND t2.from_state IN ('Volledig', 'BuitenBehandeling'))) AS PreparedFrom
        FROM applications a JOIN rounds r ON r.id = a.round_id
        WHERE a.id = @applicationId AND a.kenmerk IS NOT NULL
        """;

    /// <summary>The last day to decide to set the application aside: four weeks after its completion term ended.</summary>
    internal const string SetAsideDueSql = """
        SELECT set_aside_due_on FROM completion_requests WHERE application_id = @applicationId AND set_aside_due_on IS NOT NULL
        """;


    internal const string InsertSql = """
        INSERT INTO decisions (application_id, kind, amount_cents, ground, explanation, rule_version, status, prepared_by_user_id, prepared_at_utc)
        VALUES (@applicationId, @kind, @amountCents, @ground, @explanation, @ruleVersion, 'TerAccordering', @userId, @now)
        """;

    internal sealed record Case(int RoundId, string State, string Kenmerk, int MunicipalityId, string? Allocation, long ReservedCents,
        string RuleVersion, string? PreparedFrom)
    {
        public ApplicationState StateValue => Enum.Parse<ApplicationState>(State);

        /// <summary>Volledig or BuitenBehandeling: what the decision is about; null when no decision can be prepared now.</summary>
        public ApplicationState? Basis => StateValue switch
        {
            ApplicationState.Volledig or ApplicationState.BuitenBehandeling => StateValue,
            ApplicationState.BesluitInVoorbereiding when PreparedFrom is not null => Enum.Parse<ApplicationState>(PreparedFrom),
            _ => null,
        };
    }

    /// <summary>Business rules for a prepared decision, on plain facts; field → Dutch message.</summary>
    public static Errors Check(Form form, ApplicationState basis, string? allocation, long reservedCents, DateOnly? setAsideDueOn, DateOnly today)
    {
        var errors = new Errors();
        var kind = Codes.Parse<DecisionKind>(form.Kind);
        errors.Add(nameof(Form.Kind), "Kies het soort besluit: verlening, afwijzing of buiten behandeling.", kind is null);
        switch (kind)
        {
            case DecisionKind.Verlening:
                errors.Add(nameof(Form.Kind), "Alleen een volledige aanvraag kan worden verleend.", basis != ApplicationState.Volledig);
                errors.Add(nameof(Form.Kind), "Er is geen bedrag gereserveerd voor deze aanvraag, dus er valt niets te verlenen. Wijs haar af als het plafond bereikt is.",
                    basis == ApplicationState.Volledig && reservedCents <= 0);
                break;
            case DecisionKind.Afwijzing:
                errors.Add(nameof(Form.Ground), "Kies de grond voor de afwijzing.", form.Ground is null || !Grounds.Contains(form.Ground));
                errors.Add(nameof(Form.Ground), "Het uitkeringsplafond is voor deze aanvraag niet bereikt: er is ruimte voor haar gereserveerd.",
                    form.Ground == CeilingGround && allocation != nameof(Ranking.Allocation.NoRoom));
                errors.Add(nameof(Form.Explanation), "Leg uit waarom de aanvraag niet voldoet aan de regeling.",
                    form.Ground == NotEligibleGround && string.IsNullOrWhiteSpace(form.Explanation));
                break;
            case DecisionKind.BuitenBehandeling:
                errors.Add(nameof(Form.Kind), "Alleen een aanvraag waarvan de aanvultermijn ongebruikt is verstreken, kan buiten behandeling worden gesteld.",
                    basis != ApplicationState.BuitenBehandeling);
                errors.Add(nameof(Form.Kind),
                    $"Buiten behandeling stellen kon tot en met {(setAsideDueOn is { } d ? Amsterdam.FormatDate(d) : "")}: vier weken na het einde van de aanvultermijn. Neem een ander besluit.",
                    basis == ApplicationState.BuitenBehandeling && setAsideDueOn is { } due && due < today);
                break;
        }
        return errors;
    }

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<int>> HandleAsync(CurrentUser reviewer, int applicationId, Form form, CancellationToken ct)
        {
            var shape = new Errors()
                .Add(nameof(Form.Kind), "Kies het soort besluit: verlening, afwijzing of buiten behandeling.", string.IsNullOrWhiteSpace(form.Kind));
            if (!shape.None) return Outcome<int>.Fail(shape);

            return await db.TryCaseWriteAsync<int>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.QuerySingleOrDefaultAsync<Case>(CaseSql, new { applicationId }, ct) is not { } c)
                    return Outcome<int>.Fail(FormLevel.Status, "Deze aanvraag bestaat niet.");
                if (c.Basis is not { } basis)
                    return Outcome<int>.Fail(FormLevel.Status, $"Voor een aanvraag met de status '{StateMachine.Label(c.StateValue)}' kan nu geen besluit worden voorbereid.");

                var setAsideDueOn = (await w.Tx.QueryAsync<DateOnly>(SetAsideDueSql, new { applicationId }, ct)).Select(d => (DateOnly?)d).Max();
                var errors = Check(form, basis, c.Allocation, c.ReservedCents, setAsideDueOn, Amsterdam.Today(clock));
                if (!errors.None) return Outcome<int>.Fail(errors);

                var kind = Codes.Parse<DecisionKind>(form.Kind)!.Value;
                if (c.StateValue != ApplicationState.BesluitInVoorbereiding)
                {
                    await w.MoveAsync(applicationId, c.StateValue, ApplicationState.BesluitInVoorbereiding, now, reviewer.Id, null, ct);
                }
                var decisionId = await w.InsertAsync(InsertSql, new
                {
                    applicationId, kind = kind.ToString(), amountCents = kind == DecisionKind.Verlening ? c.ReservedCents : 0L,
                    ground = kind == DecisionKind.Afwijzing ? form.Ground : null,
                    explanation = string.IsNullOrWhiteSpace(form.Explanation) ? null : form.Explanation.Trim(),
                    ruleVersion = c.RuleVersion, userId = reviewer.Id, now,
                }, ct);
                await w.MoveAsync(applicationId, ApplicationState.BesluitInVoorbereiding, ApplicationState.BesluitTerAccordering, now, reviewer.Id,
                    $"{DecisionPanel.Label(kind)} voorbereid", ct);
                await w.AuditAsync(now, new AuditLog.Entry("BesluitVoorbereid", reviewer.Id, ApplicationId: applicationId, MunicipalityId: c.MunicipalityId, Details: $"{c.Kenmerk} {kind}"), ct);
                return Outcome<int>.Ok(decisionId);
            }, ct);
        }
    }
}
