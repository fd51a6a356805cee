using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Ambassadors;

/// <summary>The ambassador's contacts with its target gemeenten: when, in what form, who, the outcome and the next step.</summary>
public static class OutreachLog
{
    public sealed record Form([MaxText(TextSize.Name)] string? Target, [MaxText(TextSize.Value)] string? ContactedOn, [MaxText(TextSize.Value)] string? Kind, [MaxText(TextSize.Name)] string? ContactedBy, [MaxText(TextSize.Note)] string? Outcome,
        [MaxText(TextSize.Note)] string? NextStep);

    public sealed record Contact(int Id, int ParticipantId, string AmbassadorName, int MunicipalityId, string TargetName,
        DateOnly ContactedOn, string Kind, string ContactedBy, string Outcome, string? NextStep);

    /// <summary>How a list of contacts is shown: which columns, and what to say when there are none.</summary>
    public sealed record Table(IReadOnlyList<Contact> Contacts, string TestId, bool ShowAmbassador, bool ShowTarget, string Empty);

    internal const string ContactColumns = """
        c.id, c.participant_id AS ParticipantId, p.name AS AmbassadorName, c.municipality_id AS MunicipalityId, m.name AS TargetName,
        c.contacted_on AS ContactedOn, c.form AS Kind, c.contacted_by AS ContactedBy, c.outcome, c.next_step AS NextStep
        FROM outreach_contacts c
        JOIN programme_participants p ON p.id = c.participant_id
        JOIN municipalities m ON m.id = c.municipality_id
        """;

    internal const string ByParticipantSql = $"""
        SELECT {ContactColumns}
        WHERE c.participant_id = @participantId
        ORDER BY c.contacted_on DESC, c.id DESC
        """;

    internal const string InsertSql = """
        INSERT INTO outreach_contacts (participant_id, municipality_id, contacted_on, form, contacted_by, outcome, next_step,
            recorded_by_user_id, recorded_at_utc)
        VALUES (@participantId, @municipalityId, @contactedOn, @kind, @contactedBy, @outcome, @nextStep, @userId, @now)
        """;

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<int>> LogAsync(CurrentUser user, int participantId, Form form, CancellationToken ct) =>
            await db.TryWriteAsync<int>(async w =>
            {
                if (await ManageAmbassador.FactsAsync(w.Tx, participantId, ct) is not { } facts)
                    return Outcome<int>.Fail(FormLevel.Status, ManageAmbassador.NotFoundMessage);
                if (facts.Ambassador is null) return Outcome<int>.Fail(FormLevel.Status, ManageAmbassador.NotAmbassadorMessage);
                var targetId = int.TryParse(form.Target, out var id) ? id : (int?)null;
                var errors = AmbassadorRules.CheckContact(new(targetId, form.ContactedOn, form.Kind, form.ContactedBy, form.Outcome),
                    facts.Targets.Select(t => t.Id).ToHashSet(), facts.Ambassador.SinceOn, Amsterdam.Today(clock), out var contactedOn);
                if (!errors.None) return Outcome<int>.Fail(errors);
                var now = clock.GetUtcNow().UtcDateTime;
                var target = facts.Targets.Single(t => t.Id == targetId);
                var contactId = await w.InsertAsync(InsertSql, new
                {
                    participantId, municipalityId = target.Id, contactedOn, kind = form.Kind, contactedBy = form.ContactedBy!.Trim(),
                    outcome = form.Outcome!.Trim(), nextStep = string.IsNullOrWhiteSpace(form.NextStep) ? null : form.NextStep.Trim(),
                    userId = user.Id, now,
                }, ct);
                await ManageAmbassador.AuditAsync(w, user, now, "AmbassadeurContactVastgelegd", target.Id,
                    $"{facts.Participant.Name} → {target.Name}: {form.Kind} op {contactedOn:yyyy-MM-dd} (contact {contactId})", ct);
                return Outcome<int>.Ok(contactId);
            }, ct);
    }
}
