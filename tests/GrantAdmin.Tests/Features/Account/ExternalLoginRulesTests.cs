using CsCheck;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Account;

/// <summary>Whether what a provider says lets someone in as the linked user: level first, then link, organisation, active.</summary>
public sealed class ExternalLoginRulesTests
{
    private static readonly ExternalLoginScheme EHerkenning = new() { OrganisationClaim = "org" };
    private static readonly ExternalLoginScheme Ministry = new() { RequiredAssurance = "" };
    private const string Oin = "00000001002220647000";

    [Theory]
    [InlineData("eH3", true)]
    [InlineData("eH4", true)]
    [InlineData("eH2+", false)]
    [InlineData("eH1", false)]
    [InlineData("EH3", false)]
    [InlineData("urn:etoegang:core:assurance-class:loa3", false)]
    [InlineData(null, false)]
    public void Assurance_IsEnoughFromEH3Up_UnknownValuesNever(string? level, bool enough) =>
        Assert.Equal(enough, ExternalLoginRules.IsEnough(EHerkenning, level));

    [Fact]
    public void EmptyRequiredAssurance_AcceptsAnyLevel_EvenNone() =>
        Assert.True(ExternalLoginRules.IsEnough(Ministry, null));

    [Fact]
    public void RequiredLevelMissingFromTheList_RefusesEverything() =>
        Assert.False(ExternalLoginRules.IsEnough(new ExternalLoginScheme { RequiredAssurance = "loa3" }, "eH4"));

    [Fact]
    public void LinkedActiveIdentity_OfItsOwnOrganisation_IsLetIn() =>
        Assert.Null(ExternalLoginRules.Check(EHerkenning, new("s", Oin, "eH3"), new(Oin, true)));

    [Fact]
    public void TooLowLevel_IsRefusedBeforeTheLinkIsConsidered() =>
        Assert.Equal(ExternalLoginRefusal.AssuranceTooLow, ExternalLoginRules.Check(EHerkenning, new("s", Oin, "eH2"), null));

    [Fact]
    public void NoLink_IsUnknown() =>
        Assert.Equal(ExternalLoginRefusal.UnknownIdentity, ExternalLoginRules.Check(EHerkenning, new("s", Oin, "eH3"), null));

    [Fact]
    public void NoSubject_IsUnknown_EvenWithALinkFound() =>
        Assert.Equal(ExternalLoginRefusal.UnknownIdentity, ExternalLoginRules.Check(EHerkenning, new(null, Oin, "eH3"), new(Oin, true)));

    [Theory]
    [InlineData("00000001001234567000")]
    [InlineData(null)]
    public void AnotherOrNoOrganisation_IsRefused(string? organisation) =>
        Assert.Equal(ExternalLoginRefusal.OtherOrganisation, ExternalLoginRules.Check(EHerkenning, new("s", organisation, "eH3"), new(Oin, true)));

    [Fact]
    public void LinkWithoutOrganisation_AsksForNone() =>
        Assert.Null(ExternalLoginRules.Check(Ministry, new("s", null, null), new(null, true)));

    [Fact]
    public void DeactivatedUser_IsRefused() =>
        Assert.Equal(ExternalLoginRefusal.Deactivated, ExternalLoginRules.Check(EHerkenning, new("s", Oin, "eH3"), new(Oin, false)));

    /// <summary>Whatever the claims, a login is let in only with a level high enough, a link, the link's organisation and an active user.</summary>
    [Fact]
    public void LetIn_OnlyWhenEveryConditionHolds()
    {
        string?[] levelValues = [null, "eH1", "eH2", "eH2+", "eH3", "eH4", "x"];
        string?[] organisationValues = [null, Oin, "123"];
        var levels = Gen.OneOf(levelValues);
        var organisations = Gen.OneOf(organisationValues);
        Gen.Select(levels, organisations, organisations, Gen.Bool, Gen.Bool).Sample((level, claimed, linked, hasLink, active) =>
        {
            var verdict = ExternalLoginRules.Check(EHerkenning, new("s", claimed, level), hasLink ? new(linked, active) : null);
            var expected = ExternalLoginRules.IsEnough(EHerkenning, level) && hasLink && (linked is null || linked == claimed) && active;
            return (verdict is null) == expected;
        });
    }

    private static readonly ExternalLoginScheme Mapped = new()
    {
        OrganisationClaim = "org",
        RoleClaims = [new() { ClaimType = "dienst", Value = "1", Role = Roles.Tekenbevoegde }, new() { ClaimType = "dienst", Value = "2", Role = Roles.Invuller }],
    };

    [Theory]
    [InlineData("1", Roles.Invuller, Roles.Tekenbevoegde)]
    [InlineData("2", Roles.Tekenbevoegde, Roles.Invuller)]
    [InlineData("3", Roles.Tekenbevoegde, null)]
    [InlineData(null, Roles.Tekenbevoegde, null)]
    public void Role_ComesFromTheClaim_NotFromTheLinkedUser(string? service, string linked, string? role) =>
        Assert.Equal(role, ExternalLoginRules.RoleFor(Mapped, service is null ? [] : [("dienst", service)], linked));

    [Fact]
    public void Role_OfTwoMatchingClaims_IsTheFirstMapped() =>
        Assert.Equal(Roles.Tekenbevoegde, ExternalLoginRules.RoleFor(Mapped, [("dienst", "2"), ("dienst", "1")], Roles.Invuller));

    [Fact]
    public void Role_WithTheRightValueUnderAnotherClaimType_IsNone() =>
        Assert.Null(ExternalLoginRules.RoleFor(Mapped, [("roles", "1")], Roles.Invuller));

    [Fact]
    public void Role_WithoutMappings_IsTheLinkedUsersOwn() =>
        Assert.Equal(Roles.Accordeerder, ExternalLoginRules.RoleFor(Ministry, [("roles", "x")], Roles.Accordeerder));

    /// <summary>Whatever the claims and the mapping, a gemeente account never gets an office role, nor the other way round.</summary>
    [Fact]
    public void Role_NeverCrossesBetweenGemeenteAndOffice()
    {
        var roles = Gen.OneOf(Roles.All.Select(Gen.Const).ToArray());
        var values = Gen.OneOf(Gen.Const("a"), Gen.Const("b"), Gen.Const("c"));
        var mapping = Gen.Select(values, roles).Select((v, r) => new RoleClaim { ClaimType = "t", Value = v, Role = r }).List[0, 4];
        Gen.Select(mapping, values.Array[0, 3], roles).Sample((mappings, carried, linked) =>
        {
            var role = ExternalLoginRules.RoleFor(new ExternalLoginScheme { RoleClaims = mappings }, carried.Select(v => ("t", v)), linked);
            return role is null || (Roles.IsApplicant(role) == Roles.IsApplicant(linked)
                && (mappings.Count == 0 ? role == linked : mappings.First(m => carried.Contains(m.Value)).Role == role));
        });
    }
}
