using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>
/// Awb 4:14(3): the decision term is extended once, by a reasonable term stated in advance, with a reasoned notice
/// to the gemeente before the term has passed. The extension weeks are added to the term; the clock (with its
/// suspensions and the Algemene termijnenwet) computes the new last day, and the letter states it.
/// </summary>
public static class ExtendDecisionTerm
{
    public const int MaxWeeks = 8;

    public sealed record Form([MaxText(TextSize.Value)] string? ExtensionWeeks, [MaxText(TextSize.Reason)] string? ExtensionReason);

    public sealed record Extended(DateOnly NewDueOn);

    internal const string CaseSql = """
        SELECT a.state, a.kenmerk, a.municipality_id AS MunicipalityId, m.name AS MunicipalityName, a.contact_email AS ContactEmail,
               a.decision_due_on AS DecisionDueOn, a.decision_extension_weeks AS ExtensionWeeks
        FROM applications a JOIN municipalities m ON m.id = a.municipality_id
        WHERE a.id = @applicationId AND a.kenmerk IS NOT NULL
        """;

    internal const string ExtendSql = """
        UPDATE applications SET decision_extension_weeks = @weeks, decision_extended_at_utc = @now, decision_extended_by_user_id = @userId,
               decision_extension_reason = @reason, decision_due_before_extension_on = @before, updated_at_utc = @now
        WHERE id = @applicationId AND decision_extension_weeks IS NULL
        """;

    internal const string SetDueAfterSql = "UPDATE applications SET decision_due_after_extension_on = @due WHERE id = @applicationId";

    private static readonly string[] OpenStates =
    [
        nameof(ApplicationState.Ingediend), nameof(ApplicationState.InBehandeling), nameof(ApplicationState.AanvullingGevraagd),
        nameof(ApplicationState.BuitenBehandeling), nameof(ApplicationState.Volledig), nameof(ApplicationState.BesluitInVoorbereiding),
        nameof(ApplicationState.BesluitTerAccordering),
    ];

    public static bool IsOpen(ApplicationState state) => OpenStates.Contains(state.ToString());

    private sealed record Case(string State, string Kenmerk, int MunicipalityId, string MunicipalityName, string? ContactEmail,
        DateOnly? DecisionDueOn, int? ExtensionWeeks);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<Extended>> HandleAsync(CurrentUser reviewer, int applicationId, Form form, CancellationToken ct)
        {
            var weeks = int.TryParse(form.ExtensionWeeks, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w is >= 1 and <= MaxWeeks ? w : (int?)null;
            var errors = new Errors()
                .Add(nameof(Form.ExtensionWeeks), $"Vul een verdaging in van 1 tot en met {MaxWeeks} weken.", weeks is null)
                .Add(nameof(Form.ExtensionReason), "Geef de reden van de verdaging; de gemeente leest haar in de brief.", string.IsNullOrWhiteSpace(form.ExtensionReason));
            if (!errors.None) return Outcome<Extended>.Fail(errors);

            return await db.TryCaseWriteAsync<Extended>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var today = Amsterdam.Today(clock);
                if (await w.Tx.QuerySingleOrDefaultAsync<Case>(CaseSql, new { applicationId }, ct) is not { } c)
                    return Outcome<Extended>.Fail(FormLevel.Status, "Deze aanvraag bestaat niet.");
                if (c.ExtensionWeeks is not null)
                    return Outcome<Extended>.Fail(FormLevel.Status, "De beslistermijn is al verdaagd; verdagen kan maar één keer (artikel 4:14 Awb).");
                if (!OpenStates.Contains(c.State))
                    return Outcome<Extended>.Fail(FormLevel.Status, $"Een aanvraag met de status '{StateMachine.Label(Enum.Parse<ApplicationState>(c.State))}' heeft geen lopende beslistermijn.");
                if (c.DecisionDueOn is not { } before)
                    return Outcome<Extended>.Fail(FormLevel.Status, "De beslistermijn is opgeschort; verdagen kan weer als de termijn loopt.");
                if (today > before)
                    return Outcome<Extended>.Fail(FormLevel.Status, $"De beslistermijn is verstreken op {Amsterdam.FormatDate(before)}; verdagen kan alleen vóór het einde van de termijn.");

                var reason = form.ExtensionReason!.Trim();
                if (await w.Tx.ExecuteAsync(ExtendSql, new { weeks, now, userId = reviewer.Id, reason, before, applicationId }, ct) != 1)
                    return Outcome<Extended>.Fail(FormLevel.Status, "De beslistermijn is al verdaagd; verdagen kan maar één keer (artikel 4:14 Awb).");
                var due = (await DecisionClock.RefreshAsync(w.Tx, applicationId, ct))!.Value;
                await w.Tx.ExecuteAsync(SetDueAfterSql, new { due, applicationId }, ct);
                var details = $"{weeks} weken; beslissen uiterlijk {Amsterdam.FormatDate(due)} (was {Amsterdam.FormatDate(before)}). {reason}";
                await w.AuditAsync(now, new AuditLog.Entry("BeslistermijnVerdaagd", reviewer.Id, ApplicationId: applicationId, MunicipalityId: c.MunicipalityId, Details: $"{c.Kenmerk} +{weeks} weken: {before:yyyy-MM-dd} -> {due:yyyy-MM-dd}"), ct);
                var recipients = await Recipients.OfGemeenteAsync(w.Tx, c.MunicipalityId, c.ContactEmail, ct);
                await w.EnqueueMailAsync(new OutgoingMail(recipients, $"Verdaging van de beslistermijn voor aanvraag {c.Kenmerk}",
                    $"""
                    Geacht college van burgemeester en wethouders van de gemeente {c.MunicipalityName},

                    Wij kunnen niet binnen de beslistermijn op uw aanvraag {c.Kenmerk} beslissen. Op grond van artikel 4:14 van de
                    Algemene wet bestuursrecht verdagen wij de beslistermijn met {weeks} weken. Wij beslissen uiterlijk op {Amsterdam.FormatDate(due)}.
                    De reden staat in de bijgevoegde brief.

                    Met vriendelijke groet,
                    Het uitvoeringsteam cliëntondersteuning
                    """, ExtensionLetter.Kind, applicationId), now, ct);
                return Outcome<Extended>.Ok(new Extended(due));
            }, ct);
        }
    }
}
