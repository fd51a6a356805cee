using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Decisions;

namespace GrantAdmin.Tests.Features.Decisions;

/// <summary>The rules for a prepared decision, on plain facts.</summary>
public sealed class PrepareDecisionRulesTests
{
    private static readonly DateOnly Today = new(2023, 3, 15);

    private static IReadOnlyCollection<string> Check(string? kind, ApplicationState basis, string? ground = null, string? explanation = null,
        string? allocation = "Reserved", long reserved = 5_000_000, DateOnly? setAsideDueOn = null) =>
        PrepareDecision.Check(new PrepareDecision.Form(kind, ground, explanation), basis, allocation, reserved, setAsideDueOn, Today).Values;

    [Fact]
    public void Grant_OfACompleteApplicationWithAReservation_IsAllowed() =>
        Assert.Empty(Check("Verlening", ApplicationState.Volledig));

    [Fact]
    public void Grant_WithoutReservation_IsRefused() =>
        Assert.Contains("Er is geen bedrag gereserveerd voor deze aanvraag, dus er valt niets te verlenen. Wijs haar af als het plafond bereikt is.",
            Check("Verlening", ApplicationState.Volledig, allocation: "NoRoom", reserved: 0));

    [Fact]
    public void UnknownKind_IsRefused() =>
        Assert.Contains("Kies het soort besluit: verlening, afwijzing of buiten behandeling.", Check("Vaststelling", ApplicationState.Volledig));

    [Theory]
    [InlineData("Het uitkeringsplafond is bereikt", "NoRoom", null, true)]
    [InlineData("Het uitkeringsplafond is bereikt", "Reserved", null, false)]
    [InlineData("De aanvraag voldoet niet aan de regeling", "Reserved", "Geen activiteiten uit de regeling.", true)]
    [InlineData("De aanvraag voldoet niet aan de regeling", "Reserved", null, false)]
    [InlineData("Omdat het zo uitkomt", "NoRoom", null, false)]
    public void Refusal_GroundMustFitTheFacts(string ground, string allocation, string? explanation, bool allowed) =>
        Assert.Equal(allowed, Check("Afwijzing", ApplicationState.Volledig, ground, explanation, allocation).Count == 0);

    [Theory]
    [InlineData(2023, 3, 15, true)]
    [InlineData(2023, 3, 14, false)]
    public void SetAside_UpToAndIncludingTheLastDay(int year, int month, int day, bool allowed) =>
        Assert.Equal(allowed, Check("BuitenBehandeling", ApplicationState.BuitenBehandeling, setAsideDueOn: new DateOnly(year, month, day)).Count == 0);

    [Fact]
    public void SetAside_OfACompleteApplication_IsRefused() =>
        Assert.NotEmpty(Check("BuitenBehandeling", ApplicationState.Volledig));
}
