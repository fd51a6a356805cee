using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Ambassadors;

/// <summary>
/// Per veiligheidsregio, per gemeente: its ambassador(s), whether it was approached (last contact, next step) and
/// whether it applied for the uitkering. The applications are read live, in the same query, never copied.
/// </summary>
public static class RegionOverview
{
    public sealed record RegionLine(string Code, string Name, string Province, int Municipalities, int Koplopers, int Targets, int Approached, int Applied);

    /// <summary>One row per gemeente × ambassador × application (the query's shape); <see cref="Group"/> folds them per gemeente.</summary>
    public sealed record Row(int MunicipalityId, string Name, string Code, bool IsKoploper, string RegionName,
        int? AmbassadorId, string? AmbassadorName, DateOnly? LastContactOn, string? LastContactKind, string? NextStep,
        int? ApplicationId, string? RoundName, string? State, string? Kenmerk);

    public sealed record Ambassador(int ParticipantId, string Name);

    public sealed record Application(int Id, string RoundName, string? Kenmerk, ApplicationState State)
    {
        public string StateLabel => StateMachine.Label(State);
    }

    public sealed record Line(int MunicipalityId, string Name, string Code, bool IsKoploper, IReadOnlyList<Ambassador> Ambassadors,
        DateOnly? LastContactOn, string? LastContactKind, string? NextStep, IReadOnlyList<Application> Applications);

    public sealed record Page(string Code, string Name, IReadOnlyList<Line> Lines, bool LinksToCases);

    /// <summary>
    /// Applications count for the gemeente they were made by, or for the one it merged into; drafts are not applications yet.
    /// Read for the current gemeenten (<see cref="ManageAmbassador.HomeMembers"/>) of one region (@regionCode), or of all
    /// when it is null, through an IN list of their members on ix_applications_municipality: never every application in
    /// the database (the region page read every current gemeente's, 23 ms on a load database; 1.4 ms now).
    /// </summary>
    private const string SubmittedApplications = $"""
        SELECT a.id, a.kenmerk, a.state, r.name AS round_name, r.opens_on, g.home_id AS municipality_id
        FROM applications a
        JOIN {ManageAmbassador.HomeMembers} g ON g.member_id = a.municipality_id
        JOIN rounds r ON r.id = a.round_id
        WHERE a.municipality_id IN (SELECT h.member_id FROM {ManageAmbassador.HomeMembers} h JOIN municipalities home ON home.id = h.home_id
                                    WHERE @regionCode IS NULL OR home.safety_region_code = @regionCode)
          AND a.state <> 'Concept'
        """;

    internal const string RegionsSql = $"""
        SELECT m.safety_region_code AS Code, MIN(m.safety_region_name) AS Name, MIN(m.province) AS Province, COUNT(*) AS Municipalities,
               COUNT(CASE WHEN m.is_koploper = 1 OR k.municipality_id IS NOT NULL THEN 1 END) AS Koplopers,
               COUNT(t.municipality_id) AS Targets, COUNT(c.municipality_id) AS Approached, COUNT(ap.municipality_id) AS Applied
        FROM {ManageAmbassador.CurrentGemeenten}
        LEFT JOIN (SELECT DISTINCT municipality_id FROM programme_participant_members) k ON k.municipality_id = m.id
        LEFT JOIN (SELECT DISTINCT municipality_id FROM ambassador_targets) t ON t.municipality_id = m.id
        LEFT JOIN (SELECT DISTINCT municipality_id FROM outreach_contacts) c ON c.municipality_id = m.id
        LEFT JOIN (SELECT DISTINCT s.municipality_id FROM ({SubmittedApplications}) s) ap ON ap.municipality_id = m.id
        WHERE m.safety_region_code IS NOT NULL
        GROUP BY m.safety_region_code
        ORDER BY m.safety_region_code
        """;

    internal const string RegionSql = $"""
        SELECT m.id AS MunicipalityId, m.name, m.cbs_code AS Code,
               {ManageAmbassador.IsKoploper} AS IsKoploper,
               m.safety_region_name AS RegionName,
               p.id AS AmbassadorId, p.name AS AmbassadorName,
               lc.contacted_on AS LastContactOn, lc.form AS LastContactKind, lc.next_step AS NextStep,
               ap.id AS ApplicationId, ap.round_name AS RoundName, ap.state, ap.kenmerk
        FROM {ManageAmbassador.CurrentGemeenten}
        LEFT JOIN ambassador_targets t ON t.municipality_id = m.id
        LEFT JOIN programme_participants p ON p.id = t.participant_id
        LEFT JOIN outreach_contacts lc ON lc.id = (
            SELECT MAX(c.id) FROM outreach_contacts c
            WHERE c.municipality_id = m.id
              AND c.contacted_on = (SELECT MAX(c2.contacted_on) FROM outreach_contacts c2 WHERE c2.municipality_id = m.id))
        LEFT JOIN ({SubmittedApplications}) ap ON ap.municipality_id = m.id
        WHERE m.safety_region_code = @regionCode
        ORDER BY m.name, p.name, ap.opens_on
        """;

    /// <summary>
    /// Both pages are kept per data version (<see cref="DataVersion"/>): they are made again only when a table they read has
    /// changed. The region's lines are the same for every reader; only whether they link to the case files is per user.
    /// </summary>
    public sealed class Handler(Db db, VersionedCache cache)
    {
        /// <summary>A rough size of a cached line (names, an application or two), for the cache's bound.</summary>
        private const long BytesPerLine = 512;

        public async Task<IReadOnlyList<RegionLine>> RegionsAsync(CancellationToken ct) => await RegionsAsync(await DataVersion.ReadAsync(db, ct), ct);

        private Task<IReadOnlyList<RegionLine>> RegionsAsync(long version, CancellationToken ct) =>
            cache.GetOrCreateAsync("regio", version,
                () => db.QueryAsync<RegionLine>(RegionsSql, new { regionCode = (string?)null }, ct), lines => lines.Count * BytesPerLine);

        public async Task<Page?> RegionAsync(CurrentUser user, string regionCode, CancellationToken ct)
        {
            var code = regionCode.ToUpperInvariant();
            var version = await DataVersion.ReadAsync(db, ct);
            // Only a region of the list gets an entry: codes made up in the address must not fill the cache.
            if (!(await RegionsAsync(version, ct)).Any(r => r.Code == code)) return null;
            var rows = await cache.GetOrCreateAsync("regio/" + code, version,
                () => db.QueryAsync<Row>(RegionSql, new { regionCode = code }, ct), found => (found.Count + 1) * BytesPerLine);
            if (rows.Count == 0) return null;
            return new Page(code, rows[0].RegionName, Group(rows), user.Role is Roles.Behandelaar or Roles.Accordeerder);
        }
    }

    public static IReadOnlyList<Line> Group(IEnumerable<Row> rows) =>
        rows.GroupBy(r => r.MunicipalityId).Select(g =>
        {
            var first = g.First();
            return new Line(first.MunicipalityId, first.Name, first.Code, first.IsKoploper,
                g.Where(r => r.AmbassadorId is not null).Select(r => new Ambassador(r.AmbassadorId!.Value, r.AmbassadorName!)).Distinct().ToList(),
                first.LastContactOn, first.LastContactKind, first.NextStep,
                g.Where(r => r.ApplicationId is not null)
                    .Select(r => new Application(r.ApplicationId!.Value, r.RoundName!, r.Kenmerk, Enum.Parse<ApplicationState>(r.State!))).Distinct().ToList());
        }).ToList();
}
