using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.Playwright;

namespace GrantAdmin.Tests.Browser;

/// <summary>
/// Reflow (WCAG 2.1 1.4.10): at 320 CSS px every page a role can open fits without scrolling sideways, and every table
/// scrolls inside its own labelled, focusable region. The pages are every GET action in <see cref="ActionCatalog"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReflowTests(BrowserApp app) : IAsyncLifetime
{
    private const int Narrow = 320;

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TheoryData<string?> Visitors() => new(null, Roles.Tekenbevoegde, Roles.Invuller, Roles.Behandelaar, Roles.Accordeerder,
        Roles.Programmamanager, Roles.Beheerder);

    /// <summary>Files, and the page that passes a provider's sign-in straight on (it reloads itself): nothing to reflow.</summary>
    private static bool IsNotAPage(string route) => route == GrantAdmin.Web.Features.Account.ExternalLoginEvents.SignedInPath ||
        route.EndsWith(".pdf", StringComparison.Ordinal) || route.EndsWith(".json", StringComparison.Ordinal) || route.EndsWith(".csv", StringComparison.Ordinal)
        || route.EndsWith("{format}", StringComparison.Ordinal)
        || route.Contains("/projectplan/", StringComparison.Ordinal) || route.Contains("/brieven/", StringComparison.Ordinal)
        || route.StartsWith("/betalingen/export/", StringComparison.Ordinal);

    [Theory, MemberData(nameof(Visitors))]
    public async Task EveryPageOfTheRole_FitsIn320CssPixels_TablesScrollInTheirOwnRegion(string? role)
    {
        var data = new TestData(app);
        var applicationId = await data.GrantedApplicationAsync(TestData.Utrecht);
        await using var connection = await app.Db.OpenAsync();
        // Utrecht's own participation where it has one, so the gemeente's /mijn-deelname/{id} pages show it too.
        var participantId = await connection.QuerySingleAsync<int>("""
            SELECT COALESCE((SELECT MIN(pm.participant_id) FROM programme_participant_members pm JOIN municipalities m ON m.id = pm.municipality_id
                             WHERE m.cbs_code = @code), (SELECT MIN(id) FROM programme_participants))
            """, new { code = TestData.Utrecht });
        var cohortId = await connection.QuerySingleAsync<int>("SELECT MIN(id) FROM programme_cohorts");
        var byApplication = Samples(applicationId);
        var byParticipant = Samples(participantId);
        var byCohort = Samples(cohortId);

        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(Narrow, 800);
        if (role is not null) await SignInAsync(page, await data.UserAsync(role, Roles.IsApplicant(role) ? TestData.Utrecht : null));

        var problems = new List<string>();
        foreach (var action in ActionCatalog.All.Where(a => a.Verb == "GET" && !IsNotAPage(a.Route) && a.Access.Allows(role ?? "")
                     && (role is not null || a.Access.Equals(Access.Anonymous))))
        {
            var samples = action.Route.StartsWith("/programma/lichtingen/", StringComparison.Ordinal) ? byCohort
                : action.Route.StartsWith("/programma/deelnemers/", StringComparison.Ordinal) || action.Route.StartsWith("/mijn-deelname/", StringComparison.Ordinal) ? byParticipant
                : byApplication;
            var url = action.Url(samples);
            await page.GotoAsync(url);
            var counts = await page.EvaluateAsync<int[]>("""
                () => [document.documentElement.scrollWidth,
                       [...document.querySelectorAll('main table')].filter(t => !t.parentElement.matches('.table-scroll')).length,
                       [...document.querySelectorAll('.table-scroll')].filter(r => r.getAttribute('role') !== 'region' || r.tabIndex !== 0 || !r.getAttribute('aria-label')).length]
                """);
            var (width, unwrapped, unlabelled) = (counts[0], counts[1], counts[2]);
            if (width > Narrow) problems.Add($"{url}: {width} px wide ({await WidestAsync(page)})");
            if (unwrapped > 0) problems.Add($"{url}: {unwrapped} table(s) outside a scrolling region");
            if (unlabelled > 0) problems.Add($"{url}: {unlabelled} scrolling region(s) not labelled or not focusable");
        }

        Assert.True(problems.Count == 0, $"For {role ?? "a visitor"}:\n" + string.Join("\n", problems));
    }

    private static Dictionary<string, string> Samples(int id) => new()
    {
        ["id"] = $"{id}", ["round"] = "2023", ["regionCode"] = "VR09", ["theme"] = "Vindbaarheid", ["activityId"] = "1", ["milestoneId"] = "1",
        ["scheme"] = "eherkenning", // no provider is configured here: the page that says so reflows too
    };

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/inloggen");
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord").FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/inloggen", StringComparison.Ordinal));
    }

    /// <summary>What sticks out, so a failure says where to look.</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ')
        """);
}
