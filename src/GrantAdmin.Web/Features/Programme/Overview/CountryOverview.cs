using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Programme.Ambassadors;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Overview;

/// <summary>
/// The programme manager's view of the country (issue 6 §5): every gemeente of the latest list (342 on 1 Jan 2023) with
/// its koploper status and cohorts, whether an ambassador targets it, its applications for the uitkering and what was
/// granted. A gemeente that merged into another (merged_into_id) is shown under the one it merged into. Four set-based
/// queries, combined in memory; filtered by province and veiligheidsregio, both checked against the known values. The
/// applications are counted per gemeente and state in SQL; their lines are read only for the gemeenten shown
/// (<see cref="Handler.WithApplicationsAsync"/>), never every application of every round for a page of twenty gemeenten.
/// </summary>
public static class CountryOverview
{
    public sealed record Filter(string? Province, string? Region);

    public sealed record Membership(int HomeId, string MemberName, int ParticipantId, string ParticipantName, string? CohortName,
        bool CohortIsDemo, bool ParticipantIsDemo)
    {
        public bool IsDemo => CohortIsDemo || ParticipantIsDemo;
        public string Label => (CohortName ?? "lichting onbekend") + (IsDemo ? " (demo)" : "");
    }

    public sealed record Coverage(int HomeId, string AmbassadorName);

    public sealed record Application(int HomeId, string ApplicantName, string RoundCode, string RoundName, string Kenmerk, string State,
        long? GrantedCents)
    {
        public ApplicationState StateValue => Enum.Parse<ApplicationState>(State);
        public bool IsGranted => StateMachine.IsGranted(StateValue);
        public string StateLabel => StateMachine.Label(StateValue);
    }

    public sealed record MunicipalityRow(int Id, string CbsCode, string Name, string Province, string? RegionCode, string? RegionName,
        bool FlaggedKoploper);

    /// <summary>A gemeente's applications (its own and those of gemeenten merged into it) of one state: how many, and what was granted.</summary>
    public sealed record StateCount(int HomeId, string State, int Count, long GrantedCents)
    {
        public bool IsGranted => StateMachine.IsGranted(Enum.Parse<ApplicationState>(State));
    }

    /// <summary>
    /// A gemeente's row. Applied, granted and the amount come from its counts; <see cref="Applications"/> holds the lines only
    /// once <see cref="Handler.WithApplicationsAsync"/> has read them (for the rows shown or exported).
    /// </summary>
    public sealed record Gemeente(MunicipalityRow Municipality, IReadOnlyList<Membership> Memberships, IReadOnlyList<string> Ambassadors,
        IReadOnlyList<StateCount> Counts, IReadOnlyList<Application> Applications)
    {
        public bool IsKoploper => Municipality.FlaggedKoploper || Memberships.Count > 0;
        public bool IsCovered => Ambassadors.Count > 0;
        public bool Applied => Counts.Any(c => c.Count > 0);
        public bool Granted => Counts.Any(c => c.IsGranted && c.Count > 0);
        public long GrantedCents => Counts.Where(c => c.IsGranted).Sum(c => c.GrantedCents);
    }

    public sealed record ProvinceCount(string Province, int Gemeenten, int Koplopers, int Covered, int Applied, int Granted, long GrantedCents);

    public sealed record Region(string Code, string Name);

    public sealed record Result(Filter Filter, IReadOnlyList<Gemeente> Gemeenten, IReadOnlyList<ProvinceCount> Provinces,
        IReadOnlyList<string> KnownProvinces, IReadOnlyList<Region> KnownRegions, IReadOnlyDictionary<string, string> Errors)
    {
        public ProvinceCount Total => Count("Totaal", Gemeenten);
    }

    internal const string MunicipalitiesSql = """
        SELECT m.id, m.cbs_code AS CbsCode, m.name, m.province, m.safety_region_code AS RegionCode, m.safety_region_name AS RegionName,
               m.is_koploper AS FlaggedKoploper
        FROM municipalities m JOIN municipality_lists l ON l.municipality_id = m.id
        WHERE l.list_year = (SELECT MAX(list_year) FROM municipality_lists)
        ORDER BY m.name
        """;

    internal const string MembershipsSql = """
        SELECT COALESCE(m.merged_into_id, m.id) AS HomeId, m.name AS MemberName, p.id AS ParticipantId, p.name AS ParticipantName,
               c.name AS CohortName, COALESCE(c.is_demo, 0) AS CohortIsDemo, p.is_demo AS ParticipantIsDemo
        FROM programme_participant_members pm
             JOIN programme_participants p ON p.id = pm.participant_id
             JOIN municipalities m ON m.id = pm.municipality_id
             LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
        ORDER BY c.starts_on, c.name, p.name
        """;

    internal const string CoverageSql = """
        SELECT DISTINCT COALESCE(m.merged_into_id, m.id) AS HomeId, p.name AS AmbassadorName
        FROM ambassador_targets t
             JOIN programme_participants p ON p.id = t.participant_id
             JOIN municipalities m ON m.id = t.municipality_id
        """;

    // Counted for the current gemeenten and those merged into them only (HomeMembers): the page shows no other, and grouping
    // every application in the database first made the page time out on a large database.
    internal const string StateCountsSql = $"""
        SELECT g.home_id AS HomeId, a.state, COUNT(*) AS Count, COALESCE(SUM(a.granted_cents), 0) AS GrantedCents
        FROM {ManageAmbassador.HomeMembers} g
             JOIN applications a ON a.municipality_id = g.member_id
        WHERE a.kenmerk IS NOT NULL
        GROUP BY g.home_id, a.state
        """;

    // The applications are found through the members of the gemeenten asked for (an IN list over
    // ix_applications_municipality, one index range per member). Joined the other way round, SQLite's planner walked every
    // application: in kenmerk order for "kenmerk IS NOT NULL", or by a scan (24 ms for a page of 20 gemeenten beside
    // 100,000 applications, 1.7 ms now); an OR over both columns did the same.
    internal const string ApplicationsSql = $"""
        SELECT g.home_id AS HomeId, m.name AS ApplicantName, r.code AS RoundCode, r.name AS RoundName, a.kenmerk,
               a.state, a.granted_cents AS GrantedCents
        FROM applications a
             JOIN {ManageAmbassador.HomeMembers} g ON g.member_id = a.municipality_id
             JOIN municipalities m ON m.id = a.municipality_id
             JOIN rounds r ON r.id = a.round_id
        WHERE a.municipality_id IN (SELECT h.member_id FROM {ManageAmbassador.HomeMembers} h WHERE h.home_id IN @ids)
          AND g.home_id IN @ids AND a.kenmerk IS NOT NULL
        ORDER BY r.opens_on, a.kenmerk
        """;

    public static ProvinceCount Count(string province, IEnumerable<Gemeente> gemeenten)
    {
        var list = gemeenten.ToList();
        return new(province, list.Count, list.Count(g => g.IsKoploper), list.Count(g => g.IsCovered), list.Count(g => g.Applied),
            list.Count(g => g.Granted), list.Sum(g => g.GrantedCents));
    }

    /// <summary>Keeps a filter value only when it is one of the known ones; an unknown value is an error, never a query.</summary>
    public static (Filter Filter, Dictionary<string, string> Errors) Validate(Filter requested, IReadOnlyList<string> provinces, IReadOnlyList<Region> regions)
    {
        var errors = new Dictionary<string, string>();
        var province = string.IsNullOrWhiteSpace(requested.Province) ? null : requested.Province.Trim();
        var region = string.IsNullOrWhiteSpace(requested.Region) ? null : requested.Region.Trim();
        if (province is not null && !provinces.Contains(province, StringComparer.Ordinal))
        {
            errors["provincie"] = "Kies een provincie uit de lijst.";
            province = null;
        }
        if (region is not null && !regions.Any(r => r.Code == region))
        {
            errors["veiligheidsregio"] = "Kies een veiligheidsregio uit de lijst.";
            region = null;
        }
        return (new Filter(province, region), errors);
    }

    public sealed class Handler(Db db)
    {
        public async Task<Result> LoadAsync(Filter requested, CancellationToken ct)
        {
            var (municipalities, memberships, coverage, counts) = await db.ReadAsync(async tx => (
                await tx.QueryAsync<MunicipalityRow>(MunicipalitiesSql, null, ct),
                await tx.QueryAsync<Membership>(MembershipsSql, null, ct),
                await tx.QueryAsync<Coverage>(CoverageSql, null, ct),
                await tx.QueryAsync<StateCount>(StateCountsSql, null, ct)), ct);

            var provinces = municipalities.Select(m => m.Province).Distinct().Order(StringComparer.Ordinal).ToList();
            var regions = municipalities.Where(m => m.RegionCode is not null).Select(m => new Region(m.RegionCode!, m.RegionName ?? m.RegionCode!))
                .Distinct().OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            var (filter, errors) = Validate(requested, provinces, regions);

            var membershipsOf = memberships.ToLookup(m => m.HomeId);
            var coverageOf = coverage.ToLookup(c => c.HomeId);
            var countsOf = counts.ToLookup(c => c.HomeId);
            var gemeenten = municipalities
                .Where(m => (filter.Province is null || m.Province == filter.Province) && (filter.Region is null || m.RegionCode == filter.Region))
                .Select(m => new Gemeente(m, membershipsOf[m.Id].ToList(), coverageOf[m.Id].Select(c => c.AmbassadorName).Distinct().Order().ToList(),
                    countsOf[m.Id].ToList(), []))
                .ToList();
            var perProvince = gemeenten.GroupBy(g => g.Municipality.Province)
                .Select(g => Count(g.Key, g))
                .OrderByDescending(c => c.Gemeenten).ThenBy(c => c.Province, StringComparer.Ordinal)
                .ToList();
            return new Result(filter, gemeenten, perProvince, provinces, regions, errors);
        }

        /// <summary>The rows with their application lines, read for these gemeenten only (a page of the table, or the export).</summary>
        public async Task<IReadOnlyList<Gemeente>> WithApplicationsAsync(IReadOnlyList<Gemeente> rows, CancellationToken ct)
        {
            var applicationsOf = new List<Application>();
            // Dapper expands IN @ids into one parameter per id: a chunk stays below SQL Server's 2,100 parameters.
            foreach (var chunk in rows.Select(g => g.Municipality.Id).Chunk(1000))
                applicationsOf.AddRange(await db.QueryAsync<Application>(ApplicationsSql, new { ids = chunk }, ct));
            var byHome = applicationsOf.ToLookup(a => a.HomeId);
            return rows.Select(g => g with { Applications = byHome[g.Municipality.Id].ToList() }).ToList();
        }
    }
}
