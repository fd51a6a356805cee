using System.Net;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Programme.Ambassadors;

/// <summary>The ambassador page: making a participant ambassador, editing its targets and logging contacts, over HTTP.</summary>
public sealed class AmbassadorTests(TestApp app) : AppTest(app)
{
    private ProgrammeTestData Programme => new(App);

    private static string PagePath(int id) => $"/programma/deelnemers/{id}/ambassadeur";

    private async Task<(AppClient Manager, int Id)> AmbassadorAsync(string since = "2021-06-01")
    {
        var id = await Programme.ParticipantAsync("Oosterschelderegio", null, ProgrammeTestData.OosterschelderegioCodes, startsOn: null);
        var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var made = await manager.PostAsync(PagePath(id), [new("SinceOn", since)]);
        Assert.Equal(PagePath(id), made.RedirectPath);
        return (manager, id);
    }

    private static IReadOnlyList<string> Targets(AppClient.Page page) =>
        page.Html.QuerySelectorAll("[data-testid=targets] tbody tr td:first-child").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public async Task ProgrammamanagerMakesTheRegionAmbassador_TheOtherNonKoplopersOfVrZeelandBecomeItsTargets()
    {
        var id = await Programme.ParticipantAsync("Oosterschelderegio", null, ProgrammeTestData.OosterschelderegioCodes, startsOn: null);
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var before = await manager.GetAsync(PagePath(id));
        Assert.Equal("Nee", before.Text("[data-testid=ambassador-status]"));

        var made = await manager.PostAsync(PagePath(id), [new("SinceOn", "2021-06-01")]);

        Assert.Equal(PagePath(id), made.RedirectPath);
        var page = await manager.GetAsync(PagePath(id));
        Assert.Contains("4 gemeenten uit de veiligheidsregio zijn als doelgemeente toegevoegd.", page.Text(".notice"));
        Assert.Equal("Ja, sinds 1 juni 2021", page.Text("[data-testid=ambassador-status]"));
        Assert.Equal(["Hulst", "Sluis", "Terneuzen", "Vlissingen"], Targets(page));
        Assert.Equal(["AmbassadeurAangesteld"], await Programme.AuditActionsAsync(ProgrammeTestData.AmbassadorAudit));

        var corrected = await manager.PostAsync(PagePath(id), [new("SinceOn", "2019-09-01")]);
        Assert.Equal(PagePath(id), corrected.RedirectPath);
        Assert.Equal("Ja, sinds 1 september 2019", (await manager.GetAsync(PagePath(id))).Text("[data-testid=ambassador-status]"));
        Assert.Equal(["AmbassadeurAangesteld", "AmbassadeurDatumGewijzigd"], await Programme.AuditActionsAsync(ProgrammeTestData.AmbassadorAudit));
    }

    [Fact]
    public async Task SinceDateInTheFutureOrEmpty_IsRefusedWithADutchMessage()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes], startsOn: null);
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var future = await manager.PostAsync(PagePath(id), [new("SinceOn", "2023-02-02")]);
        var empty = await manager.PostAsync(PagePath(id), [new("SinceOn", "")]);

        Assert.Equal(HttpStatusCode.OK, future.Status);
        Assert.Equal("De datum ligt in de toekomst. Vul de datum in waarop de deelnemer ambassadeur werd.", future.FieldError("SinceOn"));
        Assert.Equal("2023-02-02", future.Value("SinceOn"));
        Assert.Equal("Vul de datum in sinds wanneer de deelnemer ambassadeur is, bijvoorbeeld 1-9-2019.", empty.FieldError("SinceOn"));
        Assert.Equal("Nee", (await manager.GetAsync(PagePath(id))).Text("[data-testid=ambassador-status]"));
        Assert.Empty(await Programme.AuditActionsAsync(ProgrammeTestData.AmbassadorAudit));
    }

    [Fact]
    public async Task Targets_AreAddedAndRemoved_WithDutchMessagesForWhatCannot()
    {
        var (manager, id) = await AmbassadorAsync();
        using var _ = manager;
        var add = $"{PagePath(id)}/doelen";

        var unknown = await manager.PostAsync(add, [new("Gemeente", "Atlantis")], tokenFrom: PagePath(id));
        var member = await manager.PostAsync(add, [new("Gemeente", "Goes")], tokenFrom: PagePath(id));
        var already = await manager.PostAsync(add, [new("Gemeente", "GM0718")], tokenFrom: PagePath(id));

        Assert.Equal("De gemeente ‘Atlantis’ kennen we niet. Kies een bestaande gemeente uit de lijst (naam of CBS-code, zoals GM0664).", unknown.FieldError("Gemeente"));
        Assert.Equal("Atlantis", unknown.Value("Gemeente"));
        Assert.Equal("Goes is zelf lid van deze deelnemer en kan geen doelgemeente zijn.", member.FieldError("Gemeente"));
        Assert.Equal("Vlissingen is al een doelgemeente van deze ambassadeur.", already.FieldError("Gemeente"));

        var added = await manager.PostAsync(add, [new("Gemeente", "middelburg")], tokenFrom: PagePath(id));
        Assert.Equal(PagePath(id), added.RedirectPath);
        var hulst = await Programme.MunicipalityIdAsync("GM0677");
        var removed = await manager.PostAsync($"{PagePath(id)}/doelen/{hulst}/verwijderen", [], tokenFrom: PagePath(id));
        Assert.Equal(PagePath(id), removed.RedirectPath);

        var page = await manager.GetAsync(PagePath(id));
        Assert.Equal("Hulst is geen doelgemeente meer.", page.Text(".notice"));
        Assert.Equal(["Middelburg", "Sluis", "Terneuzen", "Vlissingen"], Targets(page));
        Assert.Contains("Hulst", page.Text("[data-testid=suggestions]"));
        var notTarget = await manager.PostAsync($"{PagePath(id)}/doelen/{hulst}/verwijderen", [], tokenFrom: PagePath(id));
        Assert.Contains("Deze gemeente is geen doelgemeente van deze ambassadeur.", notTarget.ErrorSummary);
        Assert.Equal(["AmbassadeurAangesteld", "AmbassadeurDoelToegevoegd", "AmbassadeurDoelVerwijderd"], await Programme.AuditActionsAsync(ProgrammeTestData.AmbassadorAudit));
    }

    [Fact]
    public async Task TargetsBeforeTheParticipantIsAmbassador_AreRefused()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes], startsOn: null);
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var page = await manager.PostAsync($"{PagePath(id)}/doelen", [new("Gemeente", "Hulst")], tokenFrom: PagePath(id));

        Assert.Contains("Maak de deelnemer eerst ambassadeur.", page.ErrorSummary);
    }

    [Fact]
    public async Task Contacts_AreLoggedPerTarget_WithDutchMessagesAtTheField()
    {
        var (manager, id) = await AmbassadorAsync();
        using var _ = manager;
        var log = $"{PagePath(id)}/contacten";
        var vlissingen = await Programme.MunicipalityIdAsync("GM0718");
        var groningen = await Programme.MunicipalityIdAsync(TestData.Groningen);

        var wrong = await manager.PostAsync(log, [new("Target", $"{groningen}"), new("ContactedOn", "2023-02-02"), new("Kind", "Brief"),
            new("ContactedBy", ""), new("Outcome", " ")], tokenFrom: PagePath(id));

        Assert.Equal("Kies een doelgemeente van deze ambassadeur.", wrong.FieldError("Target"));
        Assert.Equal("De datum van het contact ligt in de toekomst. Leg alleen contacten vast die al geweest zijn.", wrong.FieldError("ContactedOn"));
        Assert.Equal("Kies de vorm van het contact: overleg, telefoon, e-mail of regiobijeenkomst.", wrong.FieldError("Kind"));
        Assert.Equal("Vul in wie het contact had (naam of functie).", wrong.FieldError("ContactedBy"));
        Assert.Equal("Vul de uitkomst van het contact in.", wrong.FieldError("Outcome"));
        var beforeSince = await manager.PostAsync(log, [new("Target", $"{vlissingen}"), new("ContactedOn", "2020-01-15"), new("Kind", "Telefoon"),
            new("ContactedBy", "Projectleider"), new("Outcome", "Gesprek")], tokenFrom: PagePath(id));
        Assert.Equal("De datum ligt vóór 1 juni 2021, de dag waarop de deelnemer ambassadeur werd.", beforeSince.FieldError("ContactedOn"));

        var logged = await manager.PostAsync(log, [new("Target", $"{vlissingen}"), new("ContactedOn", "2023-01-10"), new("Kind", "Regiobijeenkomst"),
            new("ContactedBy", "Projectleider Goes"), new("Outcome", "Vlissingen overweegt een aanvraag."), new("NextStep", "Projectplan delen")], tokenFrom: PagePath(id));

        Assert.Equal(PagePath(id), logged.RedirectPath);
        var page = await manager.GetAsync(PagePath(id));
        var contacts = page.Text("[data-testid=contacts-GM0718]");
        Assert.Contains("10 januari 2023", contacts);
        Assert.Contains("Regiobijeenkomst", contacts);
        Assert.Contains("Vlissingen overweegt een aanvraag.", contacts);
        Assert.Contains("Projectplan delen", contacts);
        Assert.Equal("Nog geen contact.", page.Text("[data-testid=contacts-GM0677]"));
        Assert.Equal(["AmbassadeurAangesteld", "AmbassadeurContactVastgelegd"], await Programme.AuditActionsAsync(ProgrammeTestData.AmbassadorAudit));

        var keep = await manager.PostAsync($"{PagePath(id)}/doelen/{vlissingen}/verwijderen", [], tokenFrom: PagePath(id));
        Assert.Contains("Met Vlissingen zijn al contacten vastgelegd; de gemeente blijft doelgemeente, zodat het contactlog klopt.", keep.ErrorSummary);
    }

    [Fact]
    public async Task GrantsOfficeReads_ButCannotEdit_BeheerderAndGemeentenHaveNoAccess()
    {
        var (manager, id) = await AmbassadorAsync();
        manager.Dispose();

        foreach (var role in new[] { Roles.Behandelaar, Roles.Accordeerder })
        {
            using var reader = await Data.SignedInAsync(role);
            var page = await reader.GetAsync(PagePath(id));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(["Hulst", "Sluis", "Terneuzen", "Vlissingen"], Targets(page));
            Assert.Empty(page.Html.QuerySelectorAll("main form"));
            var post = await reader.PostAsync($"{PagePath(id)}/doelen", [new("Gemeente", "Middelburg")], tokenFrom: "/wachtwoord");
            Assert.Equal("/geen-toegang", post.RedirectPath);
        }
        using var beheerder = await Data.SignedInAsync(Roles.Beheerder);
        Assert.Equal("/geen-toegang", (await beheerder.GetAsync(PagePath(id))).RedirectPath);
        using var gemeente = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Goes);
        Assert.Equal("/geen-toegang", (await gemeente.GetAsync(PagePath(id))).RedirectPath);
        Assert.Equal(["AmbassadeurAangesteld"], await Programme.AuditActionsAsync(ProgrammeTestData.AmbassadorAudit));
    }

    [Fact]
    public async Task UnknownParticipant_IsNotFound()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(PagePath(4711))).Status);
        var post = await manager.PostAsync(PagePath(4711), [new("SinceOn", "2021-01-01")], tokenFrom: "/wachtwoord");
        Assert.Equal(HttpStatusCode.NotFound, post.Status);
    }
}
