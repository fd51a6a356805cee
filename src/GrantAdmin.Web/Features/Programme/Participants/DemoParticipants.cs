using GrantAdmin.Web.Features.Programme.Cohorts;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>
/// Development only (called from DemoData): made-up participants that fill the programme up to the 113 gemeenten
/// Ieder(in) counts, over the intakes the sources leave open, every one marked is_demo and named as such. The real
/// participants of koplopers.csv are never touched: demo gemeenten are drawn from those not yet in the programme.
/// <list type="bullet">
/// <item>Lichting 1: 1 gemeente, the 28th participant no source names (skipr lists 27 distinct).</item>
/// <item>Lichting 3: 25 gemeenten (the 25 places, Movisie 2019): 66 koplopers before March 2020 (Ieder(in)).</item>
/// <item>Lichting 4: 26 gemeenten: 92 in the first three years (Movisie 2021) − 66.</item>
/// <item>Lichting 5: the rest up to 113 (20 with the real participants as loaded).</item>
/// </list>
/// Gemeenten are drawn with a fixed seed, larger ones more likely (weight √population, as koplopers were mostly
/// mid-sized to large gemeenten), and each intake has one region of neighbours in one veiligheidsregio. Twente is
/// left out: the real Regio Twente's gemeenten are unknown, so no demo may claim them.
/// </summary>
public sealed class DemoParticipants(Db db, TimeProvider clock)
{
    public const int ProgrammeSize = 113;
    public const string KeyPrefix = "demo:";
    public const string Source = "DEMO — verzonnen deelnemer (alleen in de ontwikkelomgeving), om het programma aan te vullen tot de 113 gemeenten van Ieder(in). Geen echte gegevens.";
    private const string TwenteRegionCode = "VR05";

    private sealed record Candidate(int Id, string Name, int Population, string RegionCode, string RegionName);
    private sealed record Intake(string CohortKey, int Gemeenten, int RegionSize, DateOnly StartsOn);

    internal const string AnyDemoSql = "SELECT COUNT(*) FROM programme_participants WHERE is_demo = 1";
    internal const string RealGemeentenSql = """
        SELECT COUNT(DISTINCT pm.municipality_id) FROM programme_participant_members pm
        JOIN programme_participants p ON p.id = pm.participant_id WHERE p.is_demo = 0
        """;
    internal const string CandidatesSql = """
        SELECT m.id, m.name, m.population, m.safety_region_code AS RegionCode, m.safety_region_name AS RegionName
        FROM municipalities m JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = 2023
        WHERE m.population IS NOT NULL AND m.safety_region_code IS NOT NULL AND m.safety_region_code <> @twente
          AND NOT EXISTS (SELECT 1 FROM programme_participant_members pm WHERE pm.municipality_id = m.id)
        ORDER BY m.cbs_code
        """;

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await db.WriteAsync(async w =>
        {
            if (await w.Tx.QuerySingleAsync<int>(AnyDemoSql, null, ct) > 0) return 0;
            var missing = ProgrammeSize - await w.Tx.QuerySingleAsync<int>(RealGemeentenSql, null, ct);
            var pool = (await w.Tx.QueryAsync<Candidate>(CandidatesSql, new { twente = TwenteRegionCode }, ct)).ToList();
            var random = new Random(2017);
            Intake[] intakes =
            [
                new(CohortSeed.First, 1, 0, new DateOnly(2017, 9, 1)),
                new(CohortSeed.Third, 25, 4, new DateOnly(2019, 10, 1)),
                new(CohortSeed.Fourth, 26, 3, new DateOnly(2020, 3, 16)),
                new(CohortSeed.Fifth, Math.Max(0, missing - 52), 3, new DateOnly(2021, 3, 2)),
            ];
            var now = clock.GetUtcNow().UtcDateTime;
            var number = 0;
            foreach (var intake in intakes)
            {
                var cohortId = await CohortSeed.IdAsync(w.Tx, intake.CohortKey, ct);
                var left = Math.Min(intake.Gemeenten, pool.Count);
                if (intake.RegionSize > 0 && left >= intake.RegionSize)
                {
                    var region = pool.GroupBy(c => c.RegionCode).Where(g => g.Count() >= intake.RegionSize)
                        .OrderBy(g => g.Key, StringComparer.Ordinal).ToList() is { Count: > 0 } regions ? regions[random.Next(regions.Count)] : null;
                    if (region is not null)
                    {
                        var members = Draw(region.ToList(), intake.RegionSize, random);
                        await AddAsync(w.Tx, cohortId, "Regio", $"Demo-regio {region.First().RegionName}", members, intake.StartsOn, ++number, now, ct);
                        pool.RemoveAll(members.Contains);
                        left -= members.Count;
                    }
                }
                foreach (var gemeente in Draw(pool, left, random))
                {
                    await AddAsync(w.Tx, cohortId, "Gemeente", gemeente.Name, [gemeente], intake.StartsOn, ++number, now, ct);
                    pool.Remove(gemeente);
                }
            }
            await ParticipantRows.SyncKoploperAsync(w.Tx, ct);
            return 0;
        }, ct);
    }

    /// <summary>A weighted draw without replacement (Efraimidis–Spirakis): key u^(1/w), the highest keys win.</summary>
    private static List<Candidate> Draw(List<Candidate> from, int count, Random random) =>
        from.Select(c => (c, Key: Math.Pow(random.NextDouble(), 1 / Math.Sqrt(c.Population))))
            .OrderByDescending(x => x.Key).Take(count).Select(x => x.c).ToList();

    private Task<int> AddAsync(System.Data.Common.DbTransaction tx, int? cohortId, string kind, string name, IReadOnlyList<Candidate> members,
        DateOnly startsOn, int number, DateTime now, CancellationToken ct) =>
        ParticipantRows.InsertAsync(tx, db.Dialect, new ParticipantRows.NewParticipant(cohortId, kind, name, startsOn, null,
                $"Demo-contactpersoon {name}", $"Demo-projectleider {name}", "demo", Source, IsDemo: true, MembersUnknown: false,
                IsUnverified: false, $"{KeyPrefix}{number:D3}"),
            members.Select(m => m.Id), now, ct);
}
