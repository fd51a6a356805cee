using System.Data.Common;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Cohorts;

/// <summary>
/// The five intakes (lichtingen) of domain.md §8, loaded with the reference data in every environment. A size
/// or date is only filled where a source gives it; the description says what is known and from where.
/// Only missing lichtingen are added (by seed key): once loaded, a lichting belongs to the programmamanager.
/// </summary>
public static class CohortSeed
{
    public sealed record Intake(string Key, string Name, int? IntendedSize, string Description);

    public const string First = "lichting-2017";
    public const string Second = "lichting-2018-11";
    public const string Third = "lichting-2019-najaar";
    public const string Fourth = "lichting-2020-03";
    public const string Fifth = "lichting-2021-02";

    public static readonly IReadOnlyList<Intake> Intakes =
    [
        new(First, "Lichting 1 — 2017", 14,
            "Gestart in 2017 met 14 gemeenten (projectdocumenten). Movisie (5 oktober 2019): in de eerste twee jaar deden 26 " +
            "koplopergemeenten en 2 regio's mee. Geen openbare bron zegt welke deelnemer in lichting 1 en welke in lichting 2 zat: " +
            "die deelnemers staan onder 'lichting onbekend' (lichting 1 of 2). Startdatum: alleen het jaar is bekend."),
        new(Second, "Lichting 2 — november 2018", 14,
            "Vanaf november 2018, 14 deelnemers (projectdocumenten). Met lichting 1 de 28 deelnemers die VWS vanaf 1 juni 2019 " +
            "financiert (skipr.nl, mei 2019). De Oosterschelderegio staat hier op grond van een afleiding (SWVO: gestart in 2019; " +
            "in de lijst van 28). Startdatum: alleen de maand is bekend."),
        new(Third, "Lichting 3 — najaar 2019", 25,
            "Najaar 2019: 25 nieuwe plaatsen (Movisie, 5 oktober 2019). Ieder(in) telde begin 2020 66 koplopers vóór de ronde van " +
            "maart 2020. Startdatum: alleen het seizoen is bekend."),
        new(Fourth, "Lichting 4 — maart 2020", null,
            "Maart 2020. Geen bron noemt de omvang van deze lichting; daarom is die leeg. Movisie (5 januari 2021): 92 " +
            "koplopergemeenten in de eerste drie jaar. Startdatum: alleen de maand is bekend."),
        new(Fifth, "Lichting 5 — februari 2021", null,
            "De laatste wervingsronde; die sloot op 7 februari 2021 (Movisie). Geen bron noemt de omvang; daarom is die leeg. " +
            "Ieder(in) (2022): 113 gemeenten in totaal. Startdatum: alleen de maand is bekend (Westerveld: kick-off 2 maart 2021)."),
    ];

    internal const string InsertSql = """
        INSERT INTO programme_cohorts (name, starts_on, intended_size, description, is_demo, seed_key)
        SELECT @name, NULL, @intendedSize, @description, 0, @key
        WHERE NOT EXISTS (SELECT 1 FROM programme_cohorts WHERE seed_key = @key OR name = @name)
        """;

    internal const string IdByKeySql = "SELECT id FROM programme_cohorts WHERE seed_key = @key";

    public static async Task LoadAsync(DbTransaction tx, CancellationToken ct)
    {
        foreach (var intake in Intakes)
            await tx.ExecuteAsync(InsertSql, new { key = intake.Key, name = intake.Name, intendedSize = intake.IntendedSize, description = intake.Description }, ct);
    }

    public static Task<int?> IdAsync(DbTransaction tx, string key, CancellationToken ct) =>
        tx.QuerySingleOrDefaultAsync<int?>(IdByKeySql, new { key }, ct);
}
