using System.Net;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Programme;

public sealed class BudgetPagesTests(TestApp app) : AppTest(app)
{
    private ProgrammeTestData Programme => new(App);

    private static string Url(int participantId) => $"/programma/deelnemers/{participantId}/budget";

    private static KeyValuePair<string, string>[] Allocation(string amount) =>
        [new("AllocationAmount", amount), new("AvailableFrom", "2019-06-01"), new("Source", "VWS")];

    private static KeyValuePair<string, string>[] Spending(string amount, string description = "Inhuur projectleider") =>
        [new("SpentOn", "2020-02-03"), new("SpendingAmount", amount), new("Description", description)];

    [Fact]
    public async Task AllocationAndSpending_EnteredDutchStyle_ShownWithTotalsAndRemaining_Audited()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        Assert.Equal(Url(id), (await pm.PostAsync(Url(id) + "/toekenningen", Allocation("12.345,67"), tokenFrom: Url(id))).RedirectPath);
        Assert.Equal(Url(id), (await pm.PostAsync(Url(id) + "/uitgaven", Spending("2.345,60"), tokenFrom: Url(id))).RedirectPath);

        var page = await pm.GetAsync(Url(id));
        Assert.Equal("€ 12.345,67", page.Text("[data-testid=allocated]"));
        Assert.Equal("€ 2.345,60", page.Text("[data-testid=spent]"));
        Assert.Equal("€ 10.000,07", page.Text("[data-testid=remaining]"));
        Assert.Contains("1 juni 2019", page.Text("[data-testid=allocations]"));
        Assert.Contains("Inhuur projectleider", page.Text("[data-testid=spendings]"));
        Assert.Null(page.Html.QuerySelector("[data-testid=overspent]"));
        Assert.Equal(["BudgetToegekend", "UitgaveGeboekt"], await Programme.AuditActionsAsync());
    }

    [Fact]
    public async Task WrongAmounts_AreRefusedAtTheField_WhatWasTypedStays()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        var allocation = await pm.PostAsync(Url(id) + "/toekenningen", [new("AllocationAmount", "12.50"), new("AvailableFrom", ""), new("Source", "VWS")], tokenFrom: Url(id));
        Assert.Equal(HttpStatusCode.OK, allocation.Status);
        Assert.Equal("Vul een geldig bedrag in euro's in, met een komma voor de centen, zoals 12.345,67.", allocation.FieldError("AllocationAmount"));
        Assert.Equal("Vul de datum vanaf wanneer het geld beschikbaar is in.", allocation.FieldError("AvailableFrom"));
        Assert.Equal("12.50", allocation.Value("AllocationAmount"));

        var spending = await pm.PostAsync(Url(id) + "/uitgaven", Spending("0", ""), tokenFrom: Url(id));
        Assert.Equal("Vul een bedrag groter dan € 0,00 in.", spending.FieldError("SpendingAmount"));
        Assert.Equal("Beschrijf waaraan het geld is uitgegeven.", spending.FieldError("Description"));
        Assert.Equal(0, await Programme.CountAsync("participant_spendings", id) + await Programme.CountAsync("participant_budget_allocations", id));
    }

    [Fact]
    public async Task SpendingMoreThanAllocated_ShowsAClearWarning_SpendingExactlyDoesNot()
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);
        await pm.PostAsync(Url(id) + "/toekenningen", Allocation("10.000"), tokenFrom: Url(id));
        await pm.PostAsync(Url(id) + "/uitgaven", Spending("10.000,00"), tokenFrom: Url(id));
        Assert.Null((await pm.GetAsync(Url(id))).Html.QuerySelector("[data-testid=overspent]"));

        await pm.PostAsync(Url(id) + "/uitgaven", Spending("0,01", "Koffie"), tokenFrom: Url(id));

        var page = await pm.GetAsync(Url(id));
        Assert.Equal("Let op: er is € 0,01 meer uitgegeven dan er is toegekend (€ 10.000,01 uitgegeven tegen € 10.000,00 toegekend).", page.Text("[data-testid=overspent]"));
        Assert.Equal("-€ 0,01", page.Text("[data-testid=remaining]"));
    }

    [Fact]
    public async Task CohortBudget_ShowsEachParticipantAndTheSums_FlagsOverspending()
    {
        var cohort = await Programme.CohortAsync();
        var goes = await Programme.ParticipantAsync("Goes", cohort, [TestData.Goes]);
        var utrecht = await Programme.ParticipantAsync("Utrecht", cohort, [TestData.Utrecht]);
        var elsewhere = await Programme.ParticipantAsync("Elders", await Programme.CohortAsync("Lichting 2021"));
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);
        await pm.PostAsync(Url(goes) + "/toekenningen", Allocation("50.000"), tokenFrom: Url(goes));
        await pm.PostAsync(Url(goes) + "/uitgaven", Spending("20.000,50"), tokenFrom: Url(goes));
        await pm.PostAsync(Url(utrecht) + "/toekenningen", Allocation("1.000"), tokenFrom: Url(utrecht));
        await pm.PostAsync(Url(utrecht) + "/uitgaven", Spending("1.500"), tokenFrom: Url(utrecht));
        await pm.PostAsync(Url(elsewhere) + "/toekenningen", Allocation("99.999"), tokenFrom: Url(elsewhere));
        using var reader = await Data.SignedInAsync(Roles.Accordeerder);

        var page = await reader.GetAsync($"/programma/lichtingen/{cohort}/budget");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["Goes", "Utrecht"], page.Html.QuerySelectorAll("tbody tr th").Select(e => e.TextContent.Trim()));
        Assert.Equal("Totaal lichting € 51.000,00 € 21.500,50 € 29.499,50",
            string.Join(' ', page.Html.QuerySelectorAll("[data-testid=cohort-totals] th, [data-testid=cohort-totals] td").Select(e => e.TextContent.Trim())));
        Assert.NotNull(page.Html.QuerySelector($"[data-testid=overspent-{utrecht}]"));
        Assert.Null(page.Html.QuerySelector($"[data-testid=overspent-{goes}]"));
        Assert.Contains("1 deelnemer heeft meer uitgegeven dan toegekend", page.Text("[data-testid=overspent]"));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/programma/lichtingen/9999/budget")).Status);
    }

    [Theory]
    [InlineData(Roles.Behandelaar)]
    [InlineData(Roles.Accordeerder)]
    public async Task GrantsOffice_ReadsTheBudget_CannotBook(string role)
    {
        var id = await Programme.ParticipantAsync("Goes", null, [TestData.Goes]);
        using var reader = await Data.SignedInAsync(role);

        var page = await reader.GetAsync(Url(id));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Html.QuerySelector("main form"));
        Assert.Equal("/geen-toegang", (await reader.PostAsync(Url(id) + "/uitgaven", Spending("100"), tokenFrom: "/wachtwoord")).RedirectPath);
        Assert.Equal("/geen-toegang", (await reader.PostAsync(Url(id) + "/toekenningen", Allocation("100"), tokenFrom: "/wachtwoord")).RedirectPath);
        Assert.Equal(0, await Programme.CountAsync("participant_spendings", id));
    }

    [Theory]
    [InlineData(Roles.Beheerder, null)]
    [InlineData(Roles.Tekenbevoegde, TestData.Goes)]
    public async Task OthersHaveNoAccess(string role, string? municipality)
    {
        var id = await Programme.ParticipantAsync("Goes", await Programme.CohortAsync(), [TestData.Goes]);
        using var visitor = await Data.SignedInAsync(role, municipality);

        Assert.Equal("/geen-toegang", (await visitor.GetAsync(Url(id))).RedirectPath);
        Assert.Equal("/geen-toegang", (await visitor.GetAsync("/programma/lichtingen/1/budget")).RedirectPath);
    }

    [Fact]
    public async Task UnknownParticipant_IsNotFound()
    {
        using var pm = await Data.SignedInAsync(Roles.Programmamanager);

        Assert.Equal(HttpStatusCode.NotFound, (await pm.GetAsync(Url(9999))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await pm.PostAsync(Url(9999) + "/uitgaven", Spending("100"), tokenFrom: "/wachtwoord")).Status);
    }
}
