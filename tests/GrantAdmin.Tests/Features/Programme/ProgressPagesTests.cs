using System.Globalization;
using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Progress;

namespace GrantAdmin.Tests.Features.Programme;

public sealed class ProgressPagesTests(TestApp app) : AppTest(app)
{
    private ProgrammeTestData Programme => new(App);

    private static string Url(int participantId, string rest = "") => $"/programma/deelnemers/{participantId}/voortgang{rest}";

    private static KeyValuePair<string, string>[] Activity(string form = "Verdiepend", string method = "Klantreis", string title = "Klantreis mantelzorgers") =>
        [new("Title", title), new("Description", ""), new("Theme", "Aanbod"), new("StartsOn", "2020-03-01"), new("EndsOn", "2020-05-31"),
         new("Involvement", form), new("Method", method)];

    private static IEnumerable<KeyValuePair<string, string>> Measurement(string date, Func<ChecklistPoint, string> score) =>
        ChecklistRules.Points.Select(p => new KeyValuePair<string, string>(ChecklistRules.ScoreField(p), score(p)))
            .Append(new("MeasuredOn", date)).Append(new(ChecklistRules.RemarkField(ChecklistPoint.Gratis), "Eigen bijdrage afgeschaft"));

    [Fact]
    public async Task Programmamanager_SeesAllFiveThemes_NotStartedAtFirst_WithEditLinks()
    {
        var id = await Programme.ParticipantAsync("Goes", await Programme.CohortAsync(), [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        var page = await pm.GetAsync(Url(id));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Voortgang van Goes", page.Text("h1"));
        Assert.Equal(["Vindbaarheid", "Aanbod", "Kwaliteit en deskundigheid", "Onafhankelijkheid", "Inwoners betrekken"],
            page.Html.QuerySelectorAll("[data-testid=themes] tbody th").Select(e => e.TextContent.Trim()));
        Assert.All(page.Html.QuerySelectorAll("[data-testid^=status-]"), e => Assert.Equal("Niet gestart", e.TextContent.Trim()));
        Assert.NotNull(page.Html.QuerySelector($"a[href='{Url(id, "/thema/Vindbaarheid")}']"));
        Assert.NotNull(page.Html.QuerySelector($"a[href='{Url(id, "/activiteiten/nieuw")}']"));
    }

    [Fact]
    public async Task Theme_SavedWithStatusAndNote_ShownAndAudited_ThenChangedAgain()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        var refused = await pm.PostAsync(Url(id, "/thema/Vindbaarheid"), [new("Status", "Klaar"), new("Note", "")]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("Kies de status: niet gestart, bezig of gerealiseerd.", refused.FieldError("Status"));

        var saved = await pm.PostAsync(Url(id, "/thema/Vindbaarheid"), [new("Status", "Bezig"), new("Note", "Website vernieuwd")]);
        Assert.Equal(Url(id), saved.RedirectPath);
        var again = await pm.PostAsync(Url(id, "/thema/Vindbaarheid"), [new("Status", "Gerealiseerd"), new("Note", "Klaar")]);
        Assert.Equal(Url(id), again.RedirectPath);

        var page = await pm.GetAsync(Url(id));
        Assert.Equal("Gerealiseerd", page.Text("[data-testid=status-Vindbaarheid]"));
        Assert.Contains("Klaar", page.Text("tr[data-theme=Vindbaarheid]"));
        Assert.Equal(["VoortgangThemaOpgeslagen", "VoortgangThemaOpgeslagen"], await Programme.AuditActionsAsync());
        var edit = await pm.GetAsync(Url(id, "/thema/Vindbaarheid"));
        Assert.Equal("Klaar", edit.Html.QuerySelector("textarea[name=Note]")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await pm.GetAsync(Url(id, "/thema/Geluk"))).Status);
    }

    [Fact]
    public async Task Activity_WithAMethodOfAnotherForm_IsRefusedAtTheMethod_InDutch()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        var page = await pm.PostAsync(Url(id, "/activiteiten/nieuw"), Activity(form: "Peilend", method: "Klantreis"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Klantreis hoort bij verdiepend, niet bij peilend: kies vragenlijst, straatinterviews of ervaringenkaart, of kies een andere vorm.",
            page.FieldError("Method"));
        Assert.Equal("Klantreis mantelzorgers", page.Value("Title"));
        Assert.Equal(0, await Programme.CountAsync("participant_activities", id));
    }

    [Fact]
    public async Task Activity_AddedAndChanged_ShownWithItsFormAndMethod()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        var added = await pm.PostAsync(Url(id, "/activiteiten/nieuw"), Activity());
        Assert.Equal(Url(id), added.RedirectPath);
        var activityId = await SingleIdAsync("participant_activities", id);
        var changed = await pm.PostAsync(Url(id, $"/activiteiten/{activityId}"), Activity(form: "Structureel", method: "Adviesraad", title: "Adviesraad praat mee"));
        Assert.Equal(Url(id), changed.RedirectPath);

        var page = await pm.GetAsync(Url(id));
        var row = page.Text($"tr[data-activity='{activityId}']");
        Assert.Contains("Adviesraad praat mee", row);
        Assert.Contains("Structureel: adviesraad", row);
        Assert.Contains("1 maart 2020 tot en met 31 mei 2020", row);
        Assert.Equal(["ActiviteitToegevoegd", "ActiviteitGewijzigd"], await Programme.AuditActionsAsync());
        var edit = await pm.GetAsync(Url(id, $"/activiteiten/{activityId}"));
        Assert.Equal("Adviesraad praat mee", edit.Value("Title"));
        Assert.NotNull(edit.Html.QuerySelector("select[name=Method] option[value=Adviesraad][selected]"));
    }

    [Fact]
    public async Task AnotherParticipantsActivity_IsNotFound()
    {
        var goes = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        var utrecht = await Programme.ParticipantAsync("Utrecht", null, [TestData.Utrecht]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);
        await pm.PostAsync(Url(goes, "/activiteiten/nieuw"), Activity());
        var activityId = await SingleIdAsync("participant_activities", goes);

        Assert.Equal(HttpStatusCode.NotFound, (await pm.GetAsync(Url(utrecht, $"/activiteiten/{activityId}"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await pm.PostAsync(Url(utrecht, $"/activiteiten/{activityId}"), Activity(), tokenFrom: Url(utrecht))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await pm.GetAsync(Url(9999))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await pm.PostAsync(Url(9999, "/activiteiten/nieuw"), Activity(), tokenFrom: Url(goes))).Status);
    }

    [Fact]
    public async Task Milestone_AddedThenReached_LateOneIsMarked()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        var refused = await pm.PostAsync(Url(id, "/mijlpalen/nieuw"), [new("Title", ""), new("DueOn", "30-02-2020"), new("ReachedOn", "")]);
        Assert.Equal("Vul de mijlpaal in.", refused.FieldError("Title"));
        Assert.Equal("Vul een geldige streefdatum in, zoals 1-6-2019.", refused.FieldError("DueOn"));

        Assert.Equal(Url(id), (await pm.PostAsync(Url(id, "/mijlpalen/nieuw"), [new("Title", "Plan van aanpak"), new("DueOn", "2020-06-30"), new("ReachedOn", "")])).RedirectPath);
        var milestoneId = await SingleIdAsync("participant_milestones", id);
        Assert.Equal("Nog niet bereikt, streefdatum voorbij", (await pm.GetAsync(Url(id))).Text("[data-testid=late]"));

        Assert.Equal(Url(id), (await pm.PostAsync(Url(id, $"/mijlpalen/{milestoneId}"), [new("Title", "Plan van aanpak"), new("DueOn", "2020-06-30"), new("ReachedOn", "2020-07-15")])).RedirectPath);
        var page = await pm.GetAsync(Url(id));
        Assert.Contains("15 juli 2020", page.Text($"tr[data-milestone='{milestoneId}']"));
        Assert.Null(page.Html.QuerySelector("[data-testid=late]"));
        Assert.Equal(["MijlpaalToegevoegd", "MijlpaalGewijzigd"], await Programme.AuditActionsAsync());
    }

    [Fact]
    public async Task Measurements_ShownAsATrend_SvgPointsAndTheTableAgree()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        Assert.Equal(Url(id), (await pm.PostAsync(Url(id, "/metingen/nieuw"), Measurement("2020-01-15", _ => "1"))).RedirectPath);
        Assert.Equal(Url(id), (await pm.PostAsync(Url(id, "/metingen/nieuw"), Measurement("15-1-2021", p => p == ChecklistPoint.Gratis ? "3" : "2"))).RedirectPath);

        var page = await pm.GetAsync(Url(id));
        var svg = page.Html.QuerySelector($"svg[data-testid='chart-trend-{id}']")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Contains("Ieder(in)-checklist van Goes", svg.QuerySelector("title")!.TextContent);
        var gratis = svg.QuerySelectorAll("g[data-series='Gratis'] circle").Select(c => (c.GetAttribute("data-x"), c.GetAttribute("data-y"))).ToList();
        Assert.Equal([("2020-01-15", "1"), ("2021-01-15", "3")], gratis);
        Assert.Equal(7, svg.QuerySelectorAll("g.chart-series").Length);
        Assert.Equal(14, svg.QuerySelectorAll("circle").Length);
        var table = page.Html.QuerySelector($"table[data-testid='chart-table-trend-{id}']")!;
        Assert.Equal(["15 januari 2020", "15 januari 2021"], table.QuerySelectorAll("tbody th").Select(e => e.TextContent.Trim()));
        Assert.Contains("Eigen bijdrage afgeschaft", page.Text("details[data-measurement='2021-01-15']"));
        Assert.Equal(["ChecklistGemeten", "ChecklistGemeten"], await Programme.AuditActionsAsync());
    }

    [Fact]
    public async Task SecondMeasurementOnTheSameDate_IsRefusedInDutch()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);
        await pm.PostAsync(Url(id, "/metingen/nieuw"), Measurement("2020-01-15", _ => "1"));

        var page = await pm.PostAsync(Url(id, "/metingen/nieuw"), Measurement("15-01-2020", _ => "2"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Op 15 januari 2020 is voor deze deelnemer al gemeten: kies een andere meetdatum.", page.FieldError("MeasuredOn"));
        Assert.Equal(1, await Programme.CountAsync("checklist_measurements", id));
    }

    [Fact]
    public async Task TwoMeasurementsForOneDateAtOnce_OneIsKept_TheOtherToldInDutch()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var first = await Data.SignedInAsync(Roles.Programmamanager);
        using var second = await Data.SignedInAsync(Roles.Programmamanager);

        var pages = await Task.WhenAll(
            first.PostAsync(Url(id, "/metingen/nieuw"), Measurement("2020-01-15", _ => "1")),
            second.PostAsync(Url(id, "/metingen/nieuw"), Measurement("2020-01-15", _ => "2")));

        Assert.Single(pages, p => p.RedirectPath == Url(id));
        Assert.Single(pages, p => p.FieldError("MeasuredOn") == "Op 15 januari 2020 is voor deze deelnemer al gemeten: kies een andere meetdatum.");
        Assert.Equal(1, await Programme.CountAsync("checklist_measurements", id));
    }

    [Fact]
    public async Task CraftedScores_AreRefusedAtTheirPoint_NothingWritten()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        var page = await pm.PostAsync(Url(id, "/metingen/nieuw"),
            Measurement("2020-01-15", p => p switch { ChecklistPoint.Vindbaar => "4", ChecklistPoint.Deskundig => "-1", _ => "2" })
                .Where(f => f.Key != ChecklistRules.ScoreField(ChecklistPoint.AlleStappen)));

        Assert.Equal("Kies een score van 0 tot en met 3 voor ‘Vindbaar’.", page.FieldError(ChecklistRules.ScoreField(ChecklistPoint.Vindbaar)));
        Assert.Equal("Kies een score van 0 tot en met 3 voor ‘Deskundig’.", page.FieldError(ChecklistRules.ScoreField(ChecklistPoint.Deskundig)));
        Assert.Equal("Kies een score van 0 tot en met 3 voor ‘Ondersteuning bij alle stappen’.", page.FieldError(ChecklistRules.ScoreField(ChecklistPoint.AlleStappen)));
        Assert.NotNull(page.Html.QuerySelector($"input[name='{ChecklistRules.ScoreField(ChecklistPoint.Gratis)}'][value='2'][checked]"));
        Assert.Equal(0, await Programme.CountAsync("checklist_measurements", id));
    }

    [Fact]
    public async Task Database_KeepsOneMeasurementPerDatePerParticipant()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        var userId = await UserIdAsync(await Data.UserAsync(Roles.Programmamanager));
        await using var connection = await App.Db.OpenAsync();
        var args = new { participantId = id, measuredOn = new DateOnly(2020, 1, 15), userId, now = App.Clock.GetUtcNow().UtcDateTime };
        await connection.ExecuteAsync(ParticipantProgress.InsertMeasurementSql, args);

        var e = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(ParticipantProgress.InsertMeasurementSql, args));

        Assert.True(GrantAdmin.Web.Infrastructure.SqlDialect.Sqlite.IsUniqueViolation(e), e.Message);
    }

    [Fact]
    public async Task CheckedScoreOutsideZeroToThree_IsRefusedByTheDatabaseToo()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        var userId = await UserIdAsync(await Data.UserAsync(Roles.Programmamanager));
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync(ParticipantProgress.InsertMeasurementSql, new { participantId = id, measuredOn = new DateOnly(2020, 1, 15), userId, now = App.Clock.GetUtcNow().UtcDateTime });
        var measurementId = await SingleIdAsync("checklist_measurements", id);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync(ParticipantProgress.InsertScoreSql, new { measurementId, point = "Gratis", score = 4, remark = (string?)null }));
    }

    [Theory]
    [InlineData(Roles.Behandelaar)]
    [InlineData(Roles.Accordeerder)]
    public async Task GrantsOffice_ReadsWithoutEditing(string role)
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var reader = await Data.SignedInAsync(role);

        var page = await reader.GetAsync(Url(id));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Html.QuerySelector("a[href*='/thema/'], a[href$='/nieuw'], main form"));
        Assert.Equal("/geen-toegang", (await reader.GetAsync(Url(id, "/activiteiten/nieuw"))).RedirectPath);
        Assert.Equal("/geen-toegang", (await reader.PostAsync(Url(id, "/activiteiten/nieuw"), Activity(), tokenFrom: "/wachtwoord")).RedirectPath);
        Assert.Equal("/geen-toegang", (await reader.PostAsync(Url(id, "/metingen/nieuw"), Measurement("2020-01-01", _ => "1"), tokenFrom: "/wachtwoord")).RedirectPath);
        Assert.Equal(0, await Programme.CountAsync("participant_activities", id));
    }

    [Fact]
    public async Task Beheerder_HasNoAccess()
    {
        var id = await Programme.ParticipantAsync("Goes", await Programme.CohortAsync(), [TestData.Goes]);
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        Assert.Equal("/geen-toegang", (await admin.GetAsync(Url(id))).RedirectPath);
        Assert.Equal("/geen-toegang", (await admin.PostAsync(Url(id, "/thema/Aanbod"), [new("Status", "Bezig")], tokenFrom: "/wachtwoord")).RedirectPath);
    }

    [Fact]
    public async Task Gemeente_SeesItsOwnProgressReadOnly_AndNothingOfOthers()
    {
        var cohort = await Programme.CohortAsync();
        var region = await ProgrammeTestData.ParticipantIdAsync(App, "Oosterschelderegio"); // seeded from koplopers.csv, Goes a member
        var utrecht = await Programme.ParticipantAsync("Utrecht", cohort, [TestData.Utrecht]);
        using (var pm = await Data.SignedInAsync(Roles.Programmamanager))
        {
            await pm.PostAsync(Url(region, "/activiteiten/nieuw"), Activity(title: "Klantreis Oosterschelde"));
            await pm.PostAsync(Url(utrecht, "/activiteiten/nieuw"), Activity(title: "Klantreis Utrecht"));
        }
        using var goes = await Data.SignedInAsync(Roles.Invuller, TestData.Goes);

        var mine = await goes.GetAsync("/mijn-deelname/voortgang");

        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Contains("Oosterschelderegio", mine.Text($"[data-participant='{region}'] h2"));
        Assert.Contains("Klantreis Oosterschelde", mine.Text("[data-testid=activities]"));
        Assert.DoesNotContain("Klantreis Utrecht", mine.Html.Body!.TextContent);
        Assert.Null(mine.Html.QuerySelector("main a[href*='/programma/'], main form"));
        Assert.Equal(HttpStatusCode.OK, (await goes.GetAsync($"/mijn-deelname/voortgang/{region}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await goes.GetAsync($"/mijn-deelname/voortgang/{utrecht}")).Status);
        Assert.Equal("/geen-toegang", (await goes.GetAsync(Url(region))).RedirectPath);
    }

    [Fact]
    public async Task GemeenteWithoutParticipation_IsToldSo()
    {
        using var groningen = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Groningen);

        var page = await groningen.GetAsync("/mijn-deelname/voortgang");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotEmpty(page.Text("[data-testid=no-participation]"));
    }

    [Fact]
    public async Task CohortChecklist_CountsLatestScoresPerPoint_AndChartsTheMeans()
    {
        var cohort = await Programme.CohortAsync();
        var a = await Programme.ParticipantAsync("Goes", cohort, [TestData.Goes]);
        var b = await Programme.ParticipantAsync("Utrecht", cohort, [TestData.Utrecht]);
        await Programme.ParticipantAsync("Groningen", cohort, [TestData.Groningen]);
        var other = await Programme.ParticipantAsync("Elders", await Programme.CohortAsync("Lichting 2021"));
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);
        await pm.PostAsync(Url(a, "/metingen/nieuw"), Measurement("2020-01-15", _ => "0"));
        await pm.PostAsync(Url(a, "/metingen/nieuw"), Measurement("2021-01-15", _ => "3"));
        await pm.PostAsync(Url(b, "/metingen/nieuw"), Measurement("2020-01-15", _ => "2"));
        await pm.PostAsync(Url(other, "/metingen/nieuw"), Measurement("2020-01-15", _ => "1"));
        using var reader = await Data.SignedInAsync(Roles.Behandelaar);

        var page = await reader.GetAsync($"/programma/lichtingen/{cohort}/checklist");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("2 van de 3 deelnemers zijn gemeten.", page.Text("[data-testid=measured]").Split(" Budget")[0].Trim());
        var vindbaar = page.Html.QuerySelectorAll("tr[data-point=Vindbaar] td[data-score]").Select(e => e.TextContent.Trim());
        Assert.Equal(["0", "0", "1", "1"], vindbaar);
        var means = page.Html.QuerySelectorAll($"svg[data-testid='chart-cohort-{cohort}'] g[data-series='Gratis'] circle")
            .Select(c => (c.GetAttribute("data-x"), c.GetAttribute("data-y"))).ToList();
        Assert.Equal([("2020-01-15", "1"), ("2021-01-15", "3")], means);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/programma/lichtingen/9999/checklist")).Status);
    }

    private async Task<int> SingleIdAsync(string table, int participantId)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>($"SELECT id FROM {table} WHERE participant_id = @participantId", new { participantId });
    }

    private async Task<int> UserIdAsync(string email)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email });
    }
}
