using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Programme.Ambassadors;

/// <summary>A gemeente sees the contacts ambassadors had with it, and those its own ambassador participant logged; nothing else.</summary>
public sealed class MyContactsTests(TestApp app) : AppTest(app)
{
    private ProgrammeTestData Programme => new(App);

    private async Task LogAsync(AppClient manager, int participantId, string targetCode, string outcome)
    {
        var page = $"/programma/deelnemers/{participantId}/ambassadeur";
        var logged = await manager.PostAsync($"{page}/contacten", [new("Target", $"{await Programme.MunicipalityIdAsync(targetCode)}"),
            new("ContactedOn", "2023-01-20"), new("Kind", "Telefoon"), new("ContactedBy", "Projectleider"), new("Outcome", outcome)], tokenFrom: page);
        Assert.Equal(page, logged.RedirectPath);
    }

    [Fact]
    public async Task TargetAndMemberGemeenten_SeeTheirOwnContacts_OthersSeeNone()
    {
        var zeeland = await Programme.ParticipantAsync("Oosterschelderegio", null, ProgrammeTestData.OosterschelderegioCodes, startsOn: null);
        var utrecht = await Programme.ParticipantAsync("Woerden", null, ["GM0632"], startsOn: null);
        using (var manager = await Data.SignedInAsync(Roles.Programmamanager))
        {
            await manager.PostAsync($"/programma/deelnemers/{zeeland}/ambassadeur", [new("SinceOn", "2021-06-01")]);
            await manager.PostAsync($"/programma/deelnemers/{utrecht}/ambassadeur", [new("SinceOn", "2021-06-01")]);
            await LogAsync(manager, zeeland, "GM0718", "Vlissingen is geïnteresseerd.");
            await LogAsync(manager, zeeland, "GM0715", "Terneuzen wacht af.");
            await LogAsync(manager, utrecht, TestData.Utrecht, "Utrecht vraagt aan.");
        }

        using var vlissingen = await Data.SignedInAsync(Roles.Invuller, "GM0718");
        var asTarget = await vlissingen.GetAsync("/mijn-deelname/contacten");
        Assert.Contains("Vlissingen is geïnteresseerd.", asTarget.Text("[data-testid=received]"));
        Assert.Contains("Oosterschelderegio", asTarget.Text("[data-testid=received]"));
        Assert.DoesNotContain("Terneuzen", asTarget.Html.QuerySelector("main")!.TextContent);
        Assert.Null(asTarget.Html.QuerySelector("[data-testid=logged]"));

        using var goes = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Goes);
        var asMember = await goes.GetAsync("/mijn-deelname/contacten");
        Assert.Equal("Er zijn nog geen contacten van ambassadeurs met uw gemeente vastgelegd.", asMember.Text("[data-testid=received]"));
        var logged = asMember.Text("[data-testid=logged]");
        Assert.Contains("Vlissingen is geïnteresseerd.", logged);
        Assert.Contains("Terneuzen wacht af.", logged);
        Assert.DoesNotContain("Utrecht vraagt aan.", logged);

        using var groningen = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Groningen);
        var none = await groningen.GetAsync("/mijn-deelname/contacten");
        Assert.Equal("Er zijn nog geen contacten van ambassadeurs met uw gemeente vastgelegd.", none.Text("[data-testid=received]"));
        Assert.Null(none.Html.QuerySelector("[data-testid=logged]"));
        Assert.DoesNotContain("geïnteresseerd", none.Html.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task OfficeRoles_HaveNoGemeentePage()
    {
        foreach (var role in new[] { Roles.Programmamanager, Roles.Behandelaar, Roles.Beheerder })
        {
            using var office = await Data.SignedInAsync(role);
            Assert.Equal("/geen-toegang", (await office.GetAsync("/mijn-deelname/contacten")).RedirectPath);
        }
    }
}
