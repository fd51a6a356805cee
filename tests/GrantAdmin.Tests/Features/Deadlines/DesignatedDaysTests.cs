using Dapper;
using Microsoft.Extensions.DependencyInjection;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Features.ReferenceData;

namespace GrantAdmin.Tests.Features.Deadlines;

public sealed class DesignatedDaysTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task BeheerderDesignatesADay_TermsEndingOnItMoveToTheNextWorkingDay()
    {
        var admin = await Data.SignedInAsync(Roles.Beheerder);
        var list = await admin.GetAsync("/beheer/aangewezen-dagen");
        Assert.Contains("19 mei 2023", list.Text("[data-testid=designated-days]")); // shipped: the Friday after Hemelvaart

        var weekend = await admin.PostAsync("/beheer/aangewezen-dagen", [new("Day", "2023-02-18"), new("Description", "Besluit X")]);
        Assert.Equal("Deze dag telt al niet mee voor termijnen (weekend of feestdag van de Algemene termijnenwet).", weekend.FieldError("Day"));
        var noDecree = await admin.PostAsync("/beheer/aangewezen-dagen", [new("Day", "2023-02-15"), new("Description", "")]);
        Assert.Equal("Vermeld het besluit, bijvoorbeeld: Besluit van … (Stb. 2023, 123).", noDecree.FieldError("Description"));
        var added = await admin.PostAsync("/beheer/aangewezen-dagen", [new("Day", "2023-02-15"), new("Description", "Besluit van 1 januari 2023 (Stb. 2023, 1)")]);
        Assert.Equal("/beheer/aangewezen-dagen", added.Location);
        var twice = await admin.PostAsync("/beheer/aangewezen-dagen", [new("Day", "2023-02-15"), new("Description", "Nogmaals")]);
        Assert.Equal("Deze dag is al aangewezen.", twice.FieldError("Day"));

        // An aanvulverzoek sent on Wednesday 1 February with 14 days would end on 15 February: now Thursday 16th.
        var (gemeente, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(gemeente, id);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        var fields = GrantAdmin.Web.Features.ReferenceData.ReferenceDataLoader.DefaultChecklist.SelectMany((c, i) => c.Code == "projectplan"
            ? new KeyValuePair<string, string>[] { new($"Items[{i}].Code", c.Code), new($"Items[{i}].Remark", "ontbreekt") }
            : [new($"Items[{i}].Code", c.Code), new($"Items[{i}].Complete", "true")]).ToList();
        fields.Add(new("Explanation", "Graag het plan."));
        fields.Add(new("TermDays", "14"));
        await reviewer.PostAsync($"/behandeling/{id}/beoordelen", fields, tokenFrom: $"/behandeling/{id}");
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(new DateOnly(2023, 2, 16), await connection.QuerySingleAsync<DateOnly>("SELECT due_on FROM completion_requests WHERE application_id = @id", new { id }));

        var pastRemoval = await admin.PostAsync("/beheer/aangewezen-dagen/2023-01-02/verwijderen", [], tokenFrom: "/beheer/aangewezen-dagen");
        Assert.Contains("Een dag die al voorbij is, blijft staan: termijnen zijn ermee berekend.", pastRemoval.ErrorSummary);
        var removed = await admin.PostAsync("/beheer/aangewezen-dagen/2023-02-15/verwijderen", [], tokenFrom: "/beheer/aangewezen-dagen");
        Assert.Equal("/beheer/aangewezen-dagen", removed.Location);
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'AanwijzingVerwijderd'"));
    }

    [Fact]
    public async Task ADayDesignatedOrRemoved_MovesTheStoredDueDateOfEveryUndecidedCase()
    {
        var submitted = await Data.SubmittedApplicationAsync(TestData.Utrecht); // received 1 February 2023: due Wednesday 29 March
        await using var connection = await App.Db.OpenAsync();
        async Task<DateOnly> DueAsync() => await connection.QuerySingleAsync<DateOnly>("SELECT decision_due_on FROM applications WHERE id = @id", new { id = submitted.Id });
        Assert.Equal(new DateOnly(2023, 3, 29), await DueAsync());

        var admin = await Data.SignedInAsync(Roles.Beheerder);
        await admin.PostAsync("/beheer/aangewezen-dagen", [new("Day", "2023-03-29"), new("Description", "Besluit van 1 februari 2023 (Stcrt. 2023, 1)")]);
        Assert.Equal(new DateOnly(2023, 3, 30), await DueAsync());

        await admin.PostAsync("/beheer/aangewezen-dagen/2023-03-29/verwijderen", [], tokenFrom: "/beheer/aangewezen-dagen");
        Assert.Equal(new DateOnly(2023, 3, 29), await DueAsync());

        // A version that ships a new decree corrects the due dates stored before it, at its first start.
        await connection.ExecuteAsync("DELETE FROM designated_days WHERE day = @day", new { day = new DateOnly(2023, 4, 28) });
        await connection.ExecuteAsync("UPDATE applications SET decision_due_on = @wrong WHERE id = @id", new { wrong = new DateOnly(2023, 4, 1), id = submitted.Id });
        using (var scope = App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(new DateOnly(2023, 3, 29), await DueAsync());
    }

    [Fact]
    public async Task ShippedDays_ListedWithTheirDecree_AndNotRemovable()
    {
        var admin = await Data.SignedInAsync(Roles.Beheerder);

        var list = await admin.GetAsync("/beheer/aangewezen-dagen");
        var shipped = list.Html.QuerySelectorAll("[data-testid=shipped]").Select(c => c.TextContent).ToList();
        Assert.Equal(DesignatedDays.ShippedDays.Count, shipped.Count);
        Assert.All(shipped, text => Assert.Contains("Meegeleverd", text));
        Assert.Contains("26 mei 2028 met een algemeen erkende feestdag (Staatscourant, nummer niet gevonden)", list.Text("[data-testid=designated-days]"));
        Assert.Contains(shipped, text => text.Contains("niet bevestigd"));

        // 31 May 2030 lies ahead, so only its being shipped keeps it.
        var refused = await admin.PostAsync("/beheer/aangewezen-dagen/2030-05-31/verwijderen", [], tokenFrom: "/beheer/aangewezen-dagen");
        Assert.Contains("Deze dag is meegeleverd met GrantAdmin en blijft staan.", refused.ErrorSummary);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM designated_days WHERE day = @day", new { day = new DateOnly(2030, 5, 31) }));
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'AanwijzingVerwijderd'"));
    }

    [Fact]
    public async Task Loader_GivesEveryShippedDayItsDecree_AlsoARowAnOlderVersionSeeded()
    {
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("UPDATE designated_days SET description = 'Vrijdag na Hemelvaartsdag (art. 3, derde lid, Atw)' WHERE day = @day", new { day = new DateOnly(2024, 5, 10) });

        using (var scope = App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync(TestContext.Current.CancellationToken);

        var stored = (await connection.QueryAsync<(DateOnly Day, string Description)>("SELECT day, description FROM designated_days")).ToDictionary(r => r.Day, r => r.Description);
        Assert.All(DesignatedDays.ShippedDays, d => Assert.Equal(d.Decree, stored[d.Day]));
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1989-06-01")]
    [InlineData("9999-12-31")]
    public async Task ADayOutsideTheYearsTermsKnow_IsRefusedAtTheField_NothingStored(string day)
    {
        var admin = await Data.SignedInAsync(Roles.Beheerder);

        var page = await admin.PostAsync("/beheer/aangewezen-dagen", [new("Day", day), new("Description", "Besluit X")]);

        Assert.Equal("Vul een datum in vanaf 1 januari 1990 tot en met 31 december 2100.", page.FieldError("Day"));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'DagAangewezen'"));
    }
}
