using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using System.Data.Common;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.ReferenceData;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>
/// The programmamanager adds, changes and ends participants: a gemeente, or a region of gemeenten joining as one.
/// A gemeente takes part once per lichting: checked here with a Dutch message, and kept by the database through the
/// unique index on the member rows (which carry the participant's lichting).
/// </summary>
public static class EditParticipant
{
    /// <summary>The fields in the order of the form (its error summary follows this order).</summary>
    public sealed class Form
    {
        [MaxText(TextSize.Value)] public string? Kind { get; set; }
        [MaxText(TextSize.Name)] public string? Name { get; set; }
        /// <summary>One gemeente per line: its name (as on the CBS list, or a common alias) or its CBS code.</summary>
        [MaxText(TextSize.Explanation)] public string? Members { get; set; }
        public bool MembersUnknown { get; set; }
        [MaxText(TextSize.Value)] public string? CohortId { get; set; }
        [MaxText(400)] public string? CohortNote { get; set; } // the column holds 400
        [MaxText(TextSize.Value)] public string? StartsOn { get; set; }
        [MaxText(TextSize.Value)] public string? EndsOn { get; set; }
        [MaxText(TextSize.Name)] public string? ContactPerson { get; set; }
        [MaxText(TextSize.Name)] public string? ProjectLeader { get; set; }
        [MaxText(TextSize.Note)] public string? Source { get; set; }
        public bool IsUnverified { get; set; }
    }

    public sealed record CohortOption(int Id, string Name);
    public sealed record Page(int? Id, Form Form, IReadOnlyList<CohortOption> Cohorts, bool IsDemo);
    public sealed record EndPage(ParticipantRow Participant, string? EndsOn);
    private sealed record Municipality(int Id, string Code, string Name);

    internal const string CohortsSql = "SELECT id, name FROM programme_cohorts ORDER BY id";
    internal const string CohortExistsSql = "SELECT COUNT(*) FROM programme_cohorts WHERE id = @cohortId";
    internal const string ListedMunicipalitiesSql = """
        SELECT m.id, m.cbs_code AS Code, m.name FROM municipalities m
        WHERE EXISTS (SELECT 1 FROM municipality_lists l WHERE l.municipality_id = m.id)
        """;
    internal const string DisplayNameSql = $"SELECT {MunicipalityName.Display} FROM municipalities m {MunicipalityName.JoinMergedInto} WHERE m.id = @id";
    internal const string ClashesSql = $"""
        SELECT {MunicipalityName.Display} AS Gemeente, p.name AS Participant, c.name AS Cohort
        FROM programme_participant_members pm
        JOIN programme_participants p ON p.id = pm.participant_id
        JOIN programme_cohorts c ON c.id = pm.cohort_id
        JOIN municipalities m ON m.id = pm.municipality_id {MunicipalityName.JoinMergedInto}
        WHERE pm.cohort_id = @cohortId AND pm.municipality_id = @municipalityId AND pm.participant_id <> @participantId
        """;
    internal const string UpdateSql = """
        UPDATE programme_participants
        SET cohort_id = @CohortId, kind = @Kind, name = @Name, starts_on = @StartsOn, ends_on = @EndsOn, contact_person = @ContactPerson,
            project_leader = @ProjectLeader, cohort_note = @CohortNote, source = @Source, members_unknown = @MembersUnknown, is_unverified = @IsUnverified
        WHERE id = @id
        """;
    internal const string DeleteMembersSql = "DELETE FROM programme_participant_members WHERE participant_id = @id";
    internal const string EndSql = "UPDATE programme_participants SET ends_on = @endsOn WHERE id = @id AND ends_on IS NULL";

    /// <summary>Common names that are not the CBS name ("Den Haag", "Hengelo (O.)"), from gemeente-aliassen.csv.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Aliases = new(() =>
        ReferenceDataLoader.ReadCsv("gemeente-aliassen.csv").DistinctBy(r => r["alias"], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(r => r["alias"], r => r["code"], StringComparer.OrdinalIgnoreCase));

    public static Form ToForm(ParticipantRow p, IEnumerable<MemberRow> members) => new()
    {
        Kind = p.Kind, Name = p.Name, CohortId = p.CohortId?.ToString(CultureInfo.InvariantCulture), CohortNote = p.CohortNote,
        StartsOn = p.StartsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), EndsOn = p.EndsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ContactPerson = p.ContactPerson, ProjectLeader = p.ProjectLeader,
        // The name the gemeente had: Weesp stays Weesp (shown as Amsterdam), so saving the form changes nothing.
        Members = string.Join("\n", members.Select(m => m.OriginalName)),
        MembersUnknown = p.MembersUnknown, Source = p.Source, IsUnverified = p.IsUnverified,
    };

    public static bool IsOncePerCohortViolation(DbException e) =>
        e.Message.Contains("ux_programme_members_once_per_cohort", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("programme_participant_members.cohort_id", StringComparison.OrdinalIgnoreCase);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Page> PageAsync(int? id, Form form, bool isDemo, CancellationToken ct) =>
            new(id, form, await db.QueryAsync<CohortOption>(CohortsSql, null, ct), isDemo);

        public Task<Outcome<int>> CreateAsync(CurrentUser user, Form form, CancellationToken ct) => SaveAsync(user, null, form, ct);

        public Task<Outcome<int>> UpdateAsync(CurrentUser user, int id, Form form, CancellationToken ct) => SaveAsync(user, id, form, ct);

        private async Task<Outcome<int>> SaveAsync(CurrentUser user, int? id, Form form, CancellationToken ct)
        {
            try
            {
                return await db.TryWriteAsync<int>(async w =>
                {
                    var (cohortId, facts) = await FactsAsync(w.Tx, id, form, ct);
                    var errors = ParticipantRules.Check(form, facts);
                    if (!errors.None) return Outcome<int>.Fail(errors);

                    ParticipantRules.TryParseDate(form.StartsOn, out var startsOn);
                    ParticipantRules.TryParseDate(form.EndsOn, out var endsOn);
                    var name = string.IsNullOrWhiteSpace(form.Name) && form.Kind == ParticipantRules.Gemeente
                        ? await w.Tx.QuerySingleAsync<string>(DisplayNameSql, new { id = facts.MemberIds[0] }, ct)
                        : form.Name!.Trim();
                    var row = new ParticipantRows.NewParticipant(cohortId, form.Kind!, name, startsOn, endsOn, Trimmed(form.ContactPerson),
                        Trimmed(form.ProjectLeader), Trimmed(form.CohortNote), Trimmed(form.Source),
                        IsDemo: false, form.Kind == ParticipantRules.Regio && form.MembersUnknown, form.IsUnverified, SeedKey: null);
                    var now = clock.GetUtcNow().UtcDateTime;
                    int participantId;
                    if (id is null)
                        participantId = await ParticipantRows.InsertAsync(w.Tx, db.Dialect, row, facts.MemberIds, now, ct);
                    else
                    {
                        participantId = id.Value;
                        await w.Tx.ExecuteAsync(UpdateSql, new
                        {
                            id, row.CohortId, row.Kind, row.Name, row.StartsOn, row.EndsOn, row.ContactPerson, row.ProjectLeader,
                            row.CohortNote, row.Source, row.MembersUnknown, row.IsUnverified,
                        }, ct);
                        await w.Tx.ExecuteAsync(DeleteMembersSql, new { id }, ct);
                        foreach (var municipalityId in facts.MemberIds)
                            await w.Tx.ExecuteAsync(ParticipantRows.InsertMemberSql, new { participantId, municipalityId, cohortId }, ct);
                    }
                    await ParticipantRows.SyncKoploperAsync(w.Tx, ct);
                    await AuditAsync(w, user, id is null ? "DeelnemerToegevoegd" : "DeelnemerGewijzigd",
                        $"deelnemer {participantId} {row.Kind} {row.Name}; lichting {cohortId?.ToString(CultureInfo.InvariantCulture) ?? "onbekend"}; " +
                        $"gemeenten {string.Join(",", facts.MemberIds)}; {row.StartsOn:yyyy-MM-dd}–{row.EndsOn:yyyy-MM-dd}", now, ct);
                    return Outcome<int>.Ok(participantId);
                }, ct);
            }
            catch (DbException e) when (IsOncePerCohortViolation(e))
            {
                // Another write took the same gemeente into the same lichting between our check and our insert.
                return Outcome<int>.Fail(nameof(Form.Members), "Een van deze gemeenten doet in deze lichting al mee via een andere deelnemer. Een gemeente doet per lichting één keer mee.");
            }
        }

        public async Task<Outcome<int>> EndAsync(CurrentUser user, ParticipantRow participant, string? endsOn, CancellationToken ct)
        {
            var errors = ParticipantRules.CheckEnd(endsOn, participant.StartsOn, participant.EndsOn);
            if (!errors.None) return Outcome<int>.Fail(errors);
            ParticipantRules.TryParseDate(endsOn, out var end);
            return await db.TryWriteAsync<int>(async w =>
            {
                if (await w.Tx.ExecuteAsync(EndSql, new { id = participant.Id, endsOn = end }, ct) == 0)
                    return Outcome<int>.Fail("EndsOn", "Deze deelname is al beëindigd.");
                var now = clock.GetUtcNow().UtcDateTime;
                await AuditAsync(w, user, "DeelnemerBeeindigd", $"deelnemer {participant.Id} {participant.Name}; einddatum {end:yyyy-MM-dd}", now, ct);
                return Outcome<int>.Ok(participant.Id);
            }, ct);
        }

        private static Task AuditAsync(Write w, CurrentUser user, string action, string details, DateTime now, CancellationToken ct) =>
            w.AuditAsync(now, new AuditLog.Entry(action, user.Id, Details: details), ct);

        private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

        private static async Task<(int? CohortId, ParticipantRules.Facts Facts)> FactsAsync(DbTransaction tx, int? id, Form form, CancellationToken ct)
        {
            int? cohortId = null;
            var cohortExists = true;
            if (!string.IsNullOrWhiteSpace(form.CohortId))
            {
                cohortExists = int.TryParse(form.CohortId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                    && await tx.QuerySingleAsync<int>(CohortExistsSql, new { cohortId = parsed }, ct) > 0;
                cohortId = cohortExists ? parsed : null;
            }

            var listed = await tx.QueryAsync<Municipality>(ListedMunicipalitiesSql, null, ct);
            var byKey = listed.SelectMany(m => new[] { (Key: m.Name, m.Id), (Key: m.Code, m.Id) })
                .Concat(Aliases.Value.Select(a => (Key: a.Key, Id: listed.FirstOrDefault(m => m.Code == a.Value)?.Id ?? 0)).Where(a => a.Id != 0))
                .DistinctBy(x => x.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(x => x.Key, x => x.Id, StringComparer.OrdinalIgnoreCase);
            var memberIds = new List<int>();
            var unknown = new List<string>();
            foreach (var line in ParticipantRules.MemberLines(form.Members))
            {
                if (byKey.TryGetValue(line, out var municipalityId)) { if (!memberIds.Contains(municipalityId)) memberIds.Add(municipalityId); }
                else unknown.Add(line);
            }

            var clashes = new List<ParticipantRules.Clash>();
            if (cohortId is not null)
                foreach (var municipalityId in memberIds)
                    clashes.AddRange(await tx.QueryAsync<ParticipantRules.Clash>(ClashesSql, new { cohortId, municipalityId, participantId = id ?? 0 }, ct));
            return (cohortId, new ParticipantRules.Facts(cohortExists, memberIds, unknown, clashes));
        }
    }
}
