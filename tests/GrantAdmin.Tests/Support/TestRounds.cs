using GrantAdmin.Web.Features.Applications;

namespace GrantAdmin.Tests.Support;

/// <summary>Rounds as domain.md §1 defines them, built in memory for the pure rule tests (no database).</summary>
public static class TestRounds
{
    private const string RuleVersion = "Regeling specifieke uitkering versterking cliëntondersteuning (BWBR0045758)";

    /// <summary>Tijdvak 2023: 1 Jan (winter time) – 28 Apr 2023 (summer time), € 1.250.000, max € 50.000.</summary>
    public static Round Round2023 { get; } = new(4, "2023", "Tijdvak 2023", "SUVCO-2023", new DateOnly(2023, 1, 1), new DateOnly(2023, 4, 28),
        CeilingCents: 125_000_000, MaxPerApplicantCents: 5_000_000, OneGrantPerApplicant: true, "PartialRemainder", "ExactMoment",
        MunicipalityListYear: 2023, ActivitiesFrom: new DateOnly(2021, 11, 1), ActivitiesUntil: new DateOnly(2024, 6, 30),
        DecisionTermWeeks: 8, CompletionTermDays: 14, RuleVersion, IsDemo: false, LateSupplementPolicy: "Refuse");

    /// <summary>Tijdvak najaar 2022: 1 Sep – 14 Oct 2022, summer time on both days, € 1.000.000.</summary>
    public static Round Najaar2022 { get; } = Round2023 with
    {
        Id = 3, Code = "2022-najaar", Name = "Tijdvak najaar 2022", KenmerkPrefix = "SUVCO-2022N",
        OpensOn = new DateOnly(2022, 9, 1), ClosesOn = new DateOnly(2022, 10, 14), CeilingCents = 100_000_000, MunicipalityListYear = 2022,
    };

    /// <summary>A made-up round with the given window, for edges the real rounds do not have (DST change days).</summary>
    public static Round Synthetic(DateOnly opensOn, DateOnly closesOn) =>
        Round2023 with { Id = 99, Code = "test", Name = "Testtijdvak", KenmerkPrefix = "TEST", OpensOn = opensOn, ClosesOn = closesOn };
}
