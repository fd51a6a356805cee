using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace GrantAdmin.Tests.Features.Account;

/// <summary>The "Oidc" section is checked at start like the others: each wrong provider setting is named, with what it must be.</summary>
public sealed class ExternalLoginSettingsTests(TestApp app) : AppTest(app)
{
    private static ExternalLoginScheme EHerkenning() => new()
    {
        Authority = "https://broker.example/", ClientId = "grantadmin", OrganisationClaim = "org",
        RoleClaims = [new() { ClaimType = "dienst", Value = "1", Role = Roles.Tekenbevoegde }, new() { ClaimType = "dienst", Value = "2", Role = Roles.Invuller }],
    };

    private static ExternalLoginScheme Ministry() => new() { Authority = "https://login.ministerie.example/", ClientId = "grantadmin", RequiredAssurance = "" };

    private static List<string> Problems(ExternalLoginScheme scheme) =>
        Settings.Problems(new ExternalLoginSettings { Schemes = { ["x"] = scheme } }, "Oidc").ToList();

    [Fact]
    public void WellFormedProviders_HaveNoProblems()
    {
        Assert.Empty(Problems(EHerkenning()));
        Assert.Empty(Problems(Ministry()));
        Assert.Empty(Problems(new ExternalLoginScheme { Authority = "http://127.0.0.1:5123/", ClientId = "c", RequiredAssurance = "" }));
    }

    public static TheoryData<string, Action<ExternalLoginScheme>> Wrong() => new()
    {
        { "Oidc:Schemes:x:Authority: must be the provider's absolute https address", s => s.Authority = "broker.example" },
        { "Oidc:Schemes:x:Authority: must be the provider's absolute https address", s => s.Authority = "" },
        { "Oidc:Schemes:x:Authority: must start with https://", s => s.Authority = "http://broker.example/" },
        { "Oidc:Schemes:x:Authority: must start with https://", s => s.Authority = "ftp://127.0.0.1/" },
        { "Oidc:Schemes:x:ClientId: is required", s => s.ClientId = " " },
        { "Oidc:Schemes:x:RequiredAssurance: must be one of the levels in AssuranceLevels (eH1, eH2, eH2+, eH3, eH4)", s => s.RequiredAssurance = "loa3" },
        { "Oidc:Schemes:x:RoleClaims:1: needs both ClaimType and Value.", s => s.RoleClaims[1].Value = "" },
        { "Oidc:Schemes:x:RoleClaims:0: needs both ClaimType and Value.", s => s.RoleClaims[0].ClaimType = "" },
        { "Oidc:Schemes:x:RoleClaims:0:Role: must be one of Invuller, Tekenbevoegde,", s => s.RoleClaims[0].Role = "tekenbevoegde" },
        { "Oidc:Schemes:x:RoleClaims: is required for a provider that names the organisation", s => s.RoleClaims.Clear() },
        { "Oidc:Schemes:x:RoleClaims: may only give Tekenbevoegde or Invuller", s => s.RoleClaims[1].Role = Roles.Behandelaar },
        { "Oidc:Schemes:x:RoleClaims: may only give roles of the grants office", s => { s.OrganisationClaim = null; } },
    };

    [Theory, MemberData(nameof(Wrong))]
    public void WrongSetting_IsNamed_WithWhatItMustBe(string problem, Action<ExternalLoginScheme> spoil)
    {
        var scheme = EHerkenning();
        spoil(scheme);

        Assert.Contains(Problems(scheme), p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithAWrongProvider_Refuses_NamingTheSettings()
    {
        await using var server = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Oidc:Schemes:eherkenning:Authority", "http://broker.example/");
            b.UseSetting("Oidc:Schemes:eherkenning:OrganisationClaim", "org");
        });

        var refusal = Assert.ThrowsAny<Exception>(() => server.Services).ToString();

        Assert.Contains("Oidc:Schemes:eherkenning:Authority: must start with https://", refusal, StringComparison.Ordinal);
        Assert.Contains("Oidc:Schemes:eherkenning:ClientId: is required", refusal, StringComparison.Ordinal);
        Assert.Contains("Oidc:Schemes:eherkenning:RoleClaims: is required", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authority", "http://127.0.0.1:5123/")]
    [InlineData("RequireHttpsMetadata", "false")]
    public void DevelopmentOnly_FindsAProviderOverPlainHttp(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Oidc:Schemes:ministerie:Authority"] = "https://login.ministerie.example/", [$"Oidc:Schemes:ministerie:{key}"] = value,
        }).Build();

        Assert.StartsWith("Oidc:Schemes:ministerie: plain http", Assert.Single(DevelopmentOnlySettings.Problems(configuration)), StringComparison.Ordinal);
    }
}
