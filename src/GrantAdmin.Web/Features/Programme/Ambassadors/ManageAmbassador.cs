using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using System.Data.Common;
using Dapper;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Ambassadors;

/// <summary>
/// A participant's ambassador role: since when, and the gemeenten it approaches (by default the other non-koploper
/// gemeenten of its veiligheidsregio), with the contacts logged per target.
/// </summary>
public static class ManageAmbassador
{
    public sealed record SinceForm([MaxText(TextSize.Value)] string? SinceOn);
    public sealed record TargetForm([MaxText(TextSize.Name)] string? Gemeente);

    public sealed record Participant(int Id, string Name, string Kind, bool IsDemo);
    public sealed record Ambassadorship(DateOnly? SinceOn);
    public sealed record Target(int Id, string Code, string Name, string? RegionName);

    public sealed record Made(bool Created, int TargetsAdded);

    public sealed record Page(Participant Participant, IReadOnlyList<Gemeente> Members, Ambassadorship? Ambassador,
        IReadOnlyList<Target> Targets, IReadOnlyList<Gemeente> Suggestions, IReadOnlyList<OutreachLog.Contact> Contacts,
        bool CanEdit, SinceForm Since, TargetForm NewTarget, OutreachLog.Form NewContact)
    {
        public IReadOnlyList<OutreachLog.Contact> ContactsWith(int municipalityId) => Contacts.Where(c => c.MunicipalityId == municipalityId).ToList();
    }

    /// <summary>A gemeente is koploper when the reference data says so or when it is a member of any participant.</summary>
    internal const string IsKoploper = """
        CASE WHEN m.is_koploper = 1 OR EXISTS (SELECT 1 FROM programme_participant_members k WHERE k.municipality_id = m.id) THEN 1 ELSE 0 END
        """;

    /// <summary>Gemeenten that exist now: in the latest list and not merged into another.</summary>
    internal const string IsCurrent = """
        m.merged_into_id IS NULL
        AND EXISTS (SELECT 1 FROM municipality_lists l WHERE l.municipality_id = m.id AND l.list_year = (SELECT MAX(list_year) FROM municipality_lists))
        """;

    /// <summary>
    /// The gemeenten of <see cref="IsCurrent"/> as <c>m</c>, read from the latest list: a query touches these few hundred,
    /// not every gemeente ever loaded (a load-test database holds ~97,000).
    /// </summary>
    internal const string CurrentGemeenten = """
        municipalities m
        JOIN municipality_lists cl ON cl.municipality_id = m.id AND cl.list_year = (SELECT MAX(list_year) FROM municipality_lists)
            AND m.merged_into_id IS NULL
        """;

    /// <summary>
    /// Each current gemeente (home_id) with the gemeenten whose applications count for it (member_id): itself, and those merged
    /// into it (their home may be a former gemeente; a query that joins on a current home leaves those out). Joined to
    /// applications on member_id, a query reads only these gemeenten's applications (ix_applications_municipality).
    /// A merged gemeente is one of an earlier list (ReferenceDataLoader marks the dissolved ones of 2022), so it is found
    /// through the lists rather than a scan of every gemeente (merged_into_id has no index). UNION, not UNION ALL: it drops
    /// a gemeente listed in two years, and SQLite then reads this set first instead of flattening it into a scan of every
    /// application.
    /// </summary>
    internal const string HomeMembers = $"""
        (SELECT m.id AS home_id, m.id AS member_id FROM {CurrentGemeenten}
         UNION
         SELECT mm.merged_into_id, mm.id FROM municipality_lists ml JOIN municipalities mm ON mm.id = ml.municipality_id
         WHERE mm.merged_into_id IS NOT NULL)
        """;

    internal const string GemeenteColumns = $"""
        m.id, m.cbs_code AS Code, m.name, m.safety_region_code AS RegionCode, m.safety_region_name AS RegionName,
        {IsKoploper} AS IsKoploper, CASE WHEN {IsCurrent} THEN 1 ELSE 0 END AS IsCurrent
        """;

    internal const string ParticipantSql = "SELECT id, name, kind, is_demo AS IsDemo FROM programme_participants WHERE id = @participantId";
    internal const string AmbassadorSql = "SELECT since_on AS SinceOn FROM programme_ambassadors WHERE participant_id = @participantId";
    internal const string MembersSql = $"""
        SELECT {GemeenteColumns}
        FROM programme_participant_members pm JOIN municipalities m ON m.id = pm.municipality_id
        WHERE pm.participant_id = @participantId ORDER BY m.name
        """;
    // Only the current gemeenten: the rules choose among these (AmbassadorRules), and a former one is never a new target.
    internal const string GemeentenSql = $"SELECT {GemeenteColumns} FROM {CurrentGemeenten} ORDER BY m.name";
    internal const string TargetsSql = """
        SELECT m.id, m.cbs_code AS Code, m.name, m.safety_region_name AS RegionName
        FROM ambassador_targets t JOIN municipalities m ON m.id = t.municipality_id
        WHERE t.participant_id = @participantId ORDER BY m.name
        """;
    internal const string InsertAmbassadorSql = """
        INSERT INTO programme_ambassadors (participant_id, since_on, created_at_utc) VALUES (@participantId, @sinceOn, @now)
        """;
    internal const string UpdateSinceSql = "UPDATE programme_ambassadors SET since_on = @sinceOn WHERE participant_id = @participantId";
    internal const string InsertTargetSql = """
        INSERT INTO ambassador_targets (participant_id, municipality_id, added_at_utc) VALUES (@participantId, @municipalityId, @now)
        """;
    internal const string DeleteTargetSql = "DELETE FROM ambassador_targets WHERE participant_id = @participantId AND municipality_id = @municipalityId";
    internal const string ContactCountSql = "SELECT COUNT(*) FROM outreach_contacts WHERE participant_id = @participantId AND municipality_id = @municipalityId";

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Page?> LoadAsync(CurrentUser user, int participantId, SinceForm? since = null, TargetForm? target = null,
            OutreachLog.Form? contact = null, CancellationToken ct = default)
        {
            await using var connection = await db.OpenAsync(ct);
            var facts = await FactsAsync(connection, null, participantId, ct);
            if (facts is null) return null;
            var contacts = (await connection.QueryAsync<OutreachLog.Contact>(new CommandDefinition(OutreachLog.ByParticipantSql, new { participantId }, cancellationToken: ct))).AsList();
            return new Page(facts.Participant, facts.Members, facts.Ambassador, facts.Targets,
                AmbassadorRules.SuggestTargets(facts.Members, facts.Gemeenten).Where(g => facts.Targets.All(t => t.Id != g.Id)).ToList(),
                contacts, user.Role == Roles.Programmamanager,
                since ?? new SinceForm(facts.Ambassador?.SinceOn?.ToString("yyyy-MM-dd")), target ?? new TargetForm(null),
                contact ?? new OutreachLog.Form(null, null, null, null, null, null));
        }

        /// <summary>Makes the participant ambassador with the suggested targets, or corrects its since date.</summary>
        public Task<Outcome<Made>> MakeAsync(CurrentUser user, int participantId, SinceForm form, CancellationToken ct)
        {
            var errors = AmbassadorRules.CheckSince(nameof(SinceForm.SinceOn), form.SinceOn, Amsterdam.Today(clock), out var sinceOn);
            if (!errors.None) return Task.FromResult(Outcome<Made>.Fail(errors));
            return db.TryWriteAsync<Made>(async w =>
            {
                if (await FactsAsync(w.Tx, participantId, ct) is not { } facts) return Outcome<Made>.Fail(FormLevel.Status, NotFoundMessage);
                var now = clock.GetUtcNow().UtcDateTime;
                if (facts.Ambassador is not null)
                {
                    await w.Tx.ExecuteAsync(UpdateSinceSql, new { participantId, sinceOn }, ct);
                    await AuditAsync(w, user, now, "AmbassadeurDatumGewijzigd", null, $"{facts.Participant.Name}: ambassadeur sinds {sinceOn:yyyy-MM-dd}", ct);
                    return Outcome<Made>.Ok(new Made(false, 0));
                }
                await w.Tx.ExecuteAsync(InsertAmbassadorSql, new { participantId, sinceOn, now }, ct);
                var suggested = AmbassadorRules.SuggestTargets(facts.Members, facts.Gemeenten);
                foreach (var gemeente in suggested)
                    await w.Tx.ExecuteAsync(InsertTargetSql, new { participantId, municipalityId = gemeente.Id, now }, ct);
                await AuditAsync(w, user, now, "AmbassadeurAangesteld", null,
                    $"{facts.Participant.Name}: ambassadeur sinds {sinceOn:yyyy-MM-dd}; voorgestelde doelgemeenten: {string.Join(", ", suggested.Select(g => g.Name))}", ct);
                return Outcome<Made>.Ok(new Made(true, suggested.Count));
            }, ct);
        }

        public async Task<Outcome<string>> AddTargetAsync(CurrentUser user, int participantId, TargetForm form, CancellationToken ct) =>
            await db.TryWriteAsync<string>(async w =>
            {
                if (await FactsAsync(w.Tx, participantId, ct) is not { } facts) return Outcome<string>.Fail(FormLevel.Status, NotFoundMessage);
                if (facts.Ambassador is null) return Outcome<string>.Fail(FormLevel.Status, NotAmbassadorMessage);
                var found = AmbassadorRules.Find(form.Gemeente, facts.Gemeenten);
                var errors = AmbassadorRules.CheckTarget(nameof(TargetForm.Gemeente), form.Gemeente, found,
                    facts.Members.Select(m => m.Id).ToHashSet(), facts.Targets.Select(t => t.Id).ToHashSet());
                if (!errors.None) return Outcome<string>.Fail(errors);
                var now = clock.GetUtcNow().UtcDateTime;
                await w.Tx.ExecuteAsync(InsertTargetSql, new { participantId, municipalityId = found!.Id, now }, ct);
                await AuditAsync(w, user, now, "AmbassadeurDoelToegevoegd", found.Id, $"{facts.Participant.Name} → {found.Name}", ct);
                return Outcome<string>.Ok(found.Name);
            }, ct);

        /// <summary>A target with logged contacts stays: the log must keep saying with whom the contacts were.</summary>
        public async Task<Outcome<string>> RemoveTargetAsync(CurrentUser user, int participantId, int municipalityId, CancellationToken ct) =>
            await db.TryWriteAsync<string>(async w =>
            {
                if (await FactsAsync(w.Tx, participantId, ct) is not { } facts) return Outcome<string>.Fail(FormLevel.Status, NotFoundMessage);
                if (facts.Targets.FirstOrDefault(t => t.Id == municipalityId) is not { } target)
                    return Outcome<string>.Fail(FormLevel.Status, "Deze gemeente is geen doelgemeente van deze ambassadeur.");
                if (await w.Tx.QuerySingleAsync<int>(ContactCountSql, new { participantId, municipalityId }, ct) > 0)
                    return Outcome<string>.Fail(FormLevel.Status, $"Met {target.Name} zijn al contacten vastgelegd; de gemeente blijft doelgemeente, zodat het contactlog klopt.");
                var now = clock.GetUtcNow().UtcDateTime;
                await w.Tx.ExecuteAsync(DeleteTargetSql, new { participantId, municipalityId }, ct);
                await AuditAsync(w, user, now, "AmbassadeurDoelVerwijderd", municipalityId, $"{facts.Participant.Name} → {target.Name}", ct);
                return Outcome<string>.Ok(target.Name);
            }, ct);
    }

    internal const string NotFoundMessage = "Deze deelnemer bestaat niet.";
    internal const string NotAmbassadorMessage = "Maak de deelnemer eerst ambassadeur.";

    internal sealed record Facts(Participant Participant, IReadOnlyList<Gemeente> Members, Ambassadorship? Ambassador,
        IReadOnlyList<Target> Targets, IReadOnlyList<Gemeente> Gemeenten);

    /// <summary>What every edit decides on, read in the edit's own transaction (or without one, for showing the page).</summary>
    internal static async Task<Facts?> FactsAsync(DbConnection connection, DbTransaction? tx, int participantId, CancellationToken ct)
    {
        CommandDefinition Command(string sql) => new(sql, new { participantId }, tx, cancellationToken: ct);
        if (await connection.QuerySingleOrDefaultAsync<Participant>(Command(ParticipantSql)) is not { } participant) return null;
        return new Facts(participant,
            (await connection.QueryAsync<Gemeente>(Command(MembersSql))).AsList(),
            await connection.QuerySingleOrDefaultAsync<Ambassadorship>(Command(AmbassadorSql)),
            (await connection.QueryAsync<Target>(Command(TargetsSql))).AsList(),
            (await connection.QueryAsync<Gemeente>(Command(GemeentenSql))).AsList());
    }

    internal static Task<Facts?> FactsAsync(DbTransaction tx, int participantId, CancellationToken ct) =>
        FactsAsync(tx.Connection!, tx, participantId, ct);

    internal static Task AuditAsync(Write w, CurrentUser user, DateTime now, string action, int? municipalityId, string details, CancellationToken ct) =>
        w.AuditAsync(now, new AuditLog.Entry(action, user.Id, MunicipalityId: municipalityId, Details: details), ct);
}
