using AngleSharp.Dom;
using GrantAdmin.Tests.Support;

namespace GrantAdmin.Tests.Features.Programme.Overview;

/// <summary>
/// A small programme on top of the reference data: a real cohort with the Oosterschelderegio (Goes, Kapelle), ambassador
/// toward Vlissingen, Terneuzen and Zeist; a demo cohort with Utrecht; Utrecht granted (through the real pipeline) and
/// Groningen submitted a day later; one outreach contact and two checklist measurements.
/// </summary>
public sealed record OverviewScenario(int Oosterschelde, int UtrechtApplicationId, int GroningenApplicationId)
{
    public const string Cohort = "Lichting 2 (november 2018)";
    public const string DemoCohort = "Demo-lichting";

    public static async Task<OverviewScenario> ArrangeAsync(TestApp app, TestData data)
    {
        var rows = new ProgrammeTestData(app);
        var cohort = await rows.CohortAsync(Cohort, "2018-11-01", intendedSize: null);
        var demo = await rows.CohortAsync(DemoCohort, "2021-02-01", isDemo: true, intendedSize: null);
        var oosterschelde = await rows.ParticipantAsync("Oosterschelderegio", cohort, ["Goes", "Kapelle"], startsOn: null);
        await rows.ParticipantAsync("Utrecht", demo, ["Utrecht"], startsOn: null);
        await rows.AmbassadorAsync(oosterschelde, "Vlissingen", "Terneuzen", "Zeist");
        var userId = await rows.UserIdAsync(data);
        await rows.ContactAsync(oosterschelde, "Vlissingen", "2022-11-03", "Overleg", "Wil aanvragen", userId);
        await rows.ChecklistAsync(oosterschelde, "2022-01-15", 2, userId);
        await rows.ChecklistAsync(oosterschelde, "2022-12-15", 3, userId);
        var granted = await data.GrantedApplicationAsync(TestData.Utrecht);
        app.Clock.Advance(TimeSpan.FromDays(1));
        var (submitted, _) = await data.SubmittedApplicationAsync(TestData.Groningen);
        return new OverviewScenario(oosterschelde, granted, submitted);
    }

    /// <summary>Province → gemeenten, koplopers, covered, applied, granted, as the page's count table shows them.</summary>
    public static Dictionary<string, int[]> ProvinceCounts(AppClient.Page page) =>
        page.Html.QuerySelectorAll("[data-testid=province-counts] tr[data-province]").ToDictionary(
            tr => tr.GetAttribute("data-province")!,
            tr => new[] { "gemeenten", "koplopers", "covered", "applied", "granted" }
                .Select(col => int.Parse(tr.QuerySelector($"td[data-col={col}]")!.TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    public static IReadOnlyList<IElement> GemeenteRows(AppClient.Page page) => page.Html.QuerySelectorAll("[data-testid=gemeenten] tbody tr").ToList();

    /// <summary>A cell of a gemeente's row, on whichever page of the table it is.</summary>
    public static string Cell(IEnumerable<AppClient.Page> pages, string cbsCode, string column) =>
        pages.Select(page => page.Html.QuerySelector($"[data-testid=gemeenten] tr[data-code={cbsCode}] td[data-col={column}]")?.TextContent.Trim())
            .FirstOrDefault(cell => cell is not null)
        ?? throw new InvalidOperationException($"No row {cbsCode} on any page.");

    /// <summary>Every page of the gemeenten table, following the pagination's "Volgende" link as a user would.</summary>
    public static async Task<IReadOnlyList<AppClient.Page>> AllPagesAsync(AppClient client, string url)
    {
        var pages = new List<AppClient.Page> { await client.GetAsync(url) };
        while (pages[^1].Html.QuerySelector("[data-testid=pagination] a[rel=next]")?.GetAttribute("href") is { } next)
            pages.Add(await client.GetAsync(next));
        return pages;
    }
}
