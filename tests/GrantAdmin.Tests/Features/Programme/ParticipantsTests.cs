using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Cohorts;
using Microsoft.Data.Sqlite;
using static GrantAdmin.Tests.Features.Programme.ProgrammeTestData;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>The participant page and the programmamanager's edits: add, change, end; the rules and their Dutch messages.</summary>
public sealed class ParticipantsTests(TestApp app) : AppTest(app)
{
    private async Task<string> CohortAsync(string key) => (await CohortIdAsync(App, key)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ParticipantPage_ShowsItsDataAndGemeenten_AndLinksToItsSubPages()
    {
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var id = await ParticipantIdAsync(App, "Oosterschelderegio");

        var page = await reviewer.GetAsync($"/programma/deelnemers/{id}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Lichting 2 — november 2018", page.Text("[data-testid=cohort]"));
        Assert.Equal(7, page.Html.QuerySelectorAll("[data-testid=member]").Length);
        Assert.Contains("swvo.nl", page.Text("[data-testid=source]"));
        var links = page.Html.QuerySelectorAll("[data-testid=participant-nav] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/programma/deelnemers/{id}", $"/programma/deelnemers/{id}/ambassadeur", $"/programma/deelnemers/{id}/voortgang", $"/programma/deelnemers/{id}/budget"], links);
        Assert.DoesNotContain("Gegevens wijzigen", page.Html.Body!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync("/programma/deelnemers/9999")).Status);
    }

    [Fact]
    public async Task RegioTwente_SaysItsGemeentenAreUnknown_AndUnverifiedRowsAreMarked()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var twente = await manager.GetAsync($"/programma/deelnemers/{await ParticipantIdAsync(App, "Regio Twente")}");
        var veere = await manager.GetAsync($"/programma/deelnemers/{await ParticipantIdAsync(App, "Veere")}");

        Assert.Equal("De bron noemt niet welke gemeenten deze regio omvat.", twente.Text("[data-testid=no-members]"));
        Assert.Equal("onbekend", twente.Text("[data-testid=cohort]"));
        Assert.NotNull(veere.Html.QuerySelector("[data-testid=unverified]"));
        Assert.Contains("Gegevens wijzigen", veere.Html.Body!.TextContent);
    }

    [Fact]
    public async Task CreateGemeente_InALichting_SavesIt_MarksItKoploper_AndAuditsIt()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var saved = await manager.PostAsync("/programma/deelnemers/nieuw", GemeenteForm("Utrecht", await CohortAsync(CohortSeed.Third)));

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var page = await manager.GetAsync(saved.Location!);
        Assert.Equal("Utrecht", page.Text("h1"));
        Assert.Equal("Lichting 3 — najaar 2019", page.Text("[data-testid=cohort]"));
        Assert.Contains("1 oktober 2019", page.Text("[data-testid=participant-summary]"));
        Assert.True(await ScalarAsync<bool>(App, "SELECT is_koploper FROM municipalities WHERE cbs_code = 'GM0344'"));
        Assert.Equal(1, await ScalarAsync<int>(App, "SELECT COUNT(*) FROM audit_log WHERE action = 'DeelnemerToegevoegd' AND details LIKE '%Utrecht%'"));
    }

    [Theory]
    [InlineData("Members", "Atlantis", "Onbekende gemeente: Atlantis. Gebruik de naam of de CBS-code (zoals GM0664) uit de gemeentelijst.")]
    [InlineData("Members", "Utrecht\nGM0014", "Een gemeente als deelnemer omvat precies één gemeente. Kies „regio” voor meer gemeenten samen.")]
    [InlineData("Members", "", "Vul de gemeente in waarvoor deze deelnemer meedoet.")]
    [InlineData("EndsOn", "end-before-start", "De einddatum ligt vóór de startdatum. Vul een einddatum in op of na de startdatum.")]
    [InlineData("StartsOn", "bad-start", "Vul de startdatum in als dag-maand-jaar, bijvoorbeeld 2-3-2021.")]
    [InlineData("CohortNote", "no-note", "De lichting is onbekend: vermeld wat de bron er wel over zegt, bijvoorbeeld „lichting 1 of 2”.")]
    [InlineData("CohortId", "no-cohort", "Kies een bestaande lichting, of „onbekend”.")]
    [InlineData("Kind", "no-kind", "Kies of de deelnemer een gemeente is of een regio van gemeenten.")]
    [InlineData("MembersUnknown", "unknown-for-gemeente", "Alleen bij een regio kunnen de gemeenten onbekend zijn.")]
    public async Task CreateGemeente_BreakingARule_ShowsTheDutchMessage_AndSavesNothing(string field, string variant, string message)
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var form = GemeenteForm("Utrecht", await CohortAsync(CohortSeed.Third));
        switch (variant)
        {
            case "end-before-start": form["EndsOn"] = "2019-09-30"; break;
            case "bad-start": form["StartsOn"] = "maart"; break;
            case "no-note": form["CohortId"] = ""; break;
            case "no-cohort": form["CohortId"] = "999"; break;
            case "no-kind": form["Kind"] = "Provincie"; break;
            case "unknown-for-gemeente": form["MembersUnknown"] = "true"; break;
            default: form["Members"] = variant; break;
        }
        var before = await ScalarAsync<int>(App, "SELECT COUNT(*) FROM programme_participants");

        var page = await manager.PostAsync("/programma/deelnemers/nieuw", form);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.FieldError(field));
        Assert.Contains(message, page.ErrorSummary);
        Assert.Equal(before, await ScalarAsync<int>(App, "SELECT COUNT(*) FROM programme_participants"));
    }

    [Fact]
    public async Task AGemeente_AlreadyInAParticipantOfTheSameLichting_IsRefused_WithWhereItTakesPart()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var before = await ScalarAsync<int>(App, "SELECT COUNT(*) FROM programme_participant_members");

        // Crafted: Goes by its CBS code in lower case, into the lichting where the Oosterschelderegio already holds it.
        var page = await manager.PostAsync("/programma/deelnemers/nieuw", GemeenteForm("gm0664", await CohortAsync(CohortSeed.Second)));

        Assert.Equal("Goes doet in Lichting 2 — november 2018 al mee via „Oosterschelderegio”. Een gemeente doet per lichting één keer mee.", page.FieldError("Members"));
        Assert.Equal(before, await ScalarAsync<int>(App, "SELECT COUNT(*) FROM programme_participant_members"));
    }

    [Fact]
    public async Task TheSameGemeente_InAnotherLichting_IsAllowed()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var saved = await manager.PostAsync("/programma/deelnemers/nieuw", GemeenteForm("Goes", await CohortAsync(CohortSeed.Fourth)));

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
    }

    [Fact]
    public async Task Database_RefusesAGemeenteTwiceInOneLichting_EvenPastTheHandler()
    {
        var second = await CohortIdAsync(App, CohortSeed.Second);
        var alkmaar = await ParticipantIdAsync(App, "Alkmaar");
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);

        // Alkmaar's participant (lichting onbekend) given Goes under lichting 2, where the Oosterschelderegio holds it.
        var e = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
            "INSERT INTO programme_participant_members (participant_id, municipality_id, cohort_id) SELECT @alkmaar, id, @second FROM municipalities WHERE cbs_code = 'GM0664'",
            new { alkmaar, second }));
        Assert.True(GrantAdmin.Web.Features.Programme.Participants.EditParticipant.IsOncePerCohortViolation(e), e.Message);
        if (!TestApp.OnSqlServer) Assert.IsType<SqliteException>(e);
    }

    [Fact]
    public async Task ARegion_NamedTwiceByNameAndCode_HoldsTheGemeenteOnce()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var form = GemeenteForm("Utrecht\nGM0344\nDen Haag", await CohortAsync(CohortSeed.Third));
        form["Kind"] = "Regio";
        form["Name"] = "Proefregio";

        var saved = await manager.PostAsync("/programma/deelnemers/nieuw", form);

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var page = await manager.GetAsync(saved.Location!);
        Assert.Equal(["'s-Gravenhage", "Utrecht"], page.Html.QuerySelectorAll("[data-testid=member] td:first-child").Select(td => td.TextContent.Trim()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARegionWithoutGemeenten_IsRefused_UnlessTheSourceSaysTheyAreUnknown()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var form = GemeenteForm("", "", note: "lichting 1 of 2");
        form["Kind"] = "Regio";
        form["Name"] = "Regio West-Brabant";
        form["Source"] = "";

        var empty = await manager.PostAsync("/programma/deelnemers/nieuw", form);
        form["MembersUnknown"] = "true";
        var withoutSource = await manager.PostAsync("/programma/deelnemers/nieuw", form);
        form["Source"] = "Nieuwsbericht 2019: de regio doet mee; welke gemeenten staat er niet bij.";
        var saved = await manager.PostAsync("/programma/deelnemers/nieuw", form);
        form["Members"] = "Breda";
        var both = await manager.PostAsync("/programma/deelnemers/nieuw", form);

        Assert.Equal("Vul de gemeenten van de regio in. Alleen als de bron ze niet noemt, vinkt u „gemeenten onbekend” aan.", empty.FieldError("Members"));
        Assert.Equal("Vermeld de bron die zegt dat de gemeenten van de regio niet bekend zijn.", withoutSource.FieldError("Source"));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("U vinkte „gemeenten onbekend” aan, maar vulde ook gemeenten in. Kies één van beide.", both.FieldError("MembersUnknown"));
    }

    [Fact]
    public async Task MergedGemeente_IsShownUnderTheNameItMergedInto_AndKeepsItsOwnInTheForm()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var saved = await manager.PostAsync("/programma/deelnemers/nieuw", GemeenteForm("Weesp", await CohortAsync(CohortSeed.Fourth)));

        var page = await manager.GetAsync(saved.Location!);
        Assert.Equal("Amsterdam", page.Text("h1"));
        var member = page.Text("[data-testid=member]");
        Assert.StartsWith("Amsterdam", member);
        Assert.Contains("deed mee als Weesp", member);
        Assert.Contains("GM0363", member);
        var form = await manager.GetAsync(saved.Location! + "/bewerken");
        Assert.Equal("Weesp", form.Html.QuerySelector("textarea[name=Members]")!.TextContent.Trim());
        var overview = await manager.GetAsync($"/programma/lichtingen/{await CohortAsync(CohortSeed.Fourth)}");
        Assert.Contains("Amsterdam", overview.Text("[data-testid=participants]"));
        Assert.DoesNotContain("Weesp", overview.Text("[data-testid=participants]"));
    }

    [Fact]
    public async Task EditParticipant_ChangesLichtingAndGemeenten_AndKeepsTheFlagsInStep()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var id = await ParticipantIdAsync(App, "Westerwolde");
        var form = await manager.GetAsync($"/programma/deelnemers/{id}/bewerken");
        Assert.Equal("Westerwolde", form.Value("Name"));
        Assert.Equal("", form.Value("StartsOn"));

        var fields = GemeenteForm("Pekela", await CohortAsync(CohortSeed.Fifth));
        fields["Name"] = "Westerwolde";
        var saved = await manager.PostAsync($"/programma/deelnemers/{id}/bewerken", fields);

        Assert.Equal($"/programma/deelnemers/{id}", saved.RedirectPath);
        Assert.False(await ScalarAsync<bool>(App, "SELECT is_koploper FROM municipalities WHERE name = 'Westerwolde'"));
        Assert.Equal(await CohortIdAsync(App, CohortSeed.Fifth), await ScalarAsync<int>(App,
            "SELECT pm.cohort_id FROM programme_participant_members pm WHERE pm.participant_id = @id", new { id }));
        Assert.Equal(1, await ScalarAsync<int>(App, "SELECT COUNT(*) FROM audit_log WHERE action = 'DeelnemerGewijzigd'"));
    }

    [Fact]
    public async Task MovingARegion_IntoALichtingWhereOneOfItsGemeentenTakesPart_IsRefused()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        await manager.PostAsync("/programma/deelnemers/nieuw", GemeenteForm("Tholen", await CohortAsync(CohortSeed.Third)));
        var id = await ParticipantIdAsync(App, "Oosterschelderegio");
        var form = await manager.GetAsync($"/programma/deelnemers/{id}/bewerken");
        var fields = new Dictionary<string, string>
        {
            ["Kind"] = "Regio", ["Name"] = form.Value("Name")!, ["CohortId"] = await CohortAsync(CohortSeed.Third),
            ["CohortNote"] = form.Value("CohortNote")!, ["Members"] = form.Html.QuerySelector("textarea[name=Members]")!.TextContent,
            ["Source"] = "x",
        };

        var page = await manager.PostAsync($"/programma/deelnemers/{id}/bewerken", fields);

        Assert.Equal("Tholen doet in Lichting 3 — najaar 2019 al mee via „Tholen”. Een gemeente doet per lichting één keer mee.", page.FieldError("Members"));
        Assert.Equal(await CohortIdAsync(App, CohortSeed.Second), await ScalarAsync<int>(App, "SELECT cohort_id FROM programme_participants WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task EndParticipant_SetsTheEndDate_OnceAndNotBeforeTheStart()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var id = await ParticipantIdAsync(App, "Westerveld"); // started 2 March 2021

        var early = await manager.PostAsync($"/programma/deelnemers/{id}/beeindigen", [new("EndsOn", "2021-03-01")]);
        var ended = await manager.PostAsync($"/programma/deelnemers/{id}/beeindigen", [new("EndsOn", "2022-12-31")]);
        var again = await manager.PostAsync($"/programma/deelnemers/{id}/beeindigen", [new("EndsOn", "2023-01-31")]);

        Assert.Equal("De einddatum ligt vóór de startdatum. Vul een einddatum in op of na de startdatum.", early.FieldError("EndsOn"));
        Assert.Equal($"/programma/deelnemers/{id}", ended.RedirectPath);
        Assert.Equal("Deze deelname is al beëindigd.", again.FieldError("EndsOn"));
        var page = await manager.GetAsync($"/programma/deelnemers/{id}");
        Assert.Equal("31 december 2022", page.Text("[data-testid=ends-on]"));
        Assert.NotNull(page.Html.QuerySelector("[data-testid=ended]"));
        Assert.Equal(1, await ScalarAsync<int>(App, "SELECT COUNT(*) FROM audit_log WHERE action = 'DeelnemerBeeindigd'"));
    }

    [Fact]
    public async Task EndForm_OffersToday()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var page = await manager.GetAsync($"/programma/deelnemers/{await ParticipantIdAsync(App, "Alkmaar")}/beeindigen");

        Assert.Equal("2023-02-01", page.Value("EndsOn"));
    }

    [Theory]
    [InlineData(Roles.Behandelaar)]
    [InlineData(Roles.Accordeerder)]
    public async Task GrantsOffice_ReadsButMayNotEdit(string role)
    {
        using var reader = await Data.SignedInAsync(role);
        var id = await ParticipantIdAsync(App, "Alkmaar");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/programma/deelnemers/{id}")).Status);
        Assert.Equal("/geen-toegang", AppClient.RedirectPathOf((await reader.GetAsync($"/programma/deelnemers/{id}/bewerken")).Response));
        var token = await reader.TokenAsync($"/programma/deelnemers/{id}");
        var post = await reader.Http.PostAsync($"/programma/deelnemers/{id}/beeindigen",
            new FormUrlEncodedContent([new("EndsOn", "2022-12-31"), new("__RequestVerificationToken", token)]));
        Assert.Equal("/geen-toegang", AppClient.RedirectPathOf(post));
        Assert.Equal(0, await ScalarAsync<int>(App, "SELECT COUNT(*) FROM programme_participants WHERE ends_on IS NOT NULL"));
    }
}
