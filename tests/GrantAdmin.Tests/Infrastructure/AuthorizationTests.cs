using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.Net.Http.Headers;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// Deny by default: every action has a deliberate access policy, written down below, and the running app
/// enforces it for every role; forms need their anti-forgery token; headers and cookies are locked down.
/// </summary>
public sealed partial class AuthorizationTests(TestApp app) : AppTest(app)
{
    /// <summary>
    /// Who may use each action. Adding an action without adding it here fails
    /// <see cref="EveryAction_HasItsDeliberateAccessPolicy"/>: decide who may use it, then write it down.
    /// </summary>
    private static readonly Dictionary<string, Access> Expected = new()
    {
        ["GET /"] = Access.Anonymous,
        ["ANY /fout/{code:int?}"] = Access.Anonymous,
        ["GET /inloggen"] = Access.Anonymous,
        ["POST /inloggen"] = Access.Anonymous,
        ["GET /geen-toegang"] = Access.Anonymous,
        ["GET /toegankelijkheid"] = Access.Anonymous,
        ["GET /privacy"] = Access.Anonymous,
        ["POST /uitloggen"] = Access.SignedIn,
        // Login through a provider (issue 17): starting it, landing after it, and the refusal page are for anyone.
        ["GET /inloggen/extern/{scheme}"] = Access.Anonymous,
        ["GET /ingelogd"] = Access.Anonymous,
        ["GET /inloggen/extern/geweigerd"] = Access.Anonymous,
        ["GET /wachtwoord"] = Access.SignedIn,
        ["POST /wachtwoord"] = Access.SignedIn,

        ["GET /beheer/gebruikers"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/gebruikers"] = Access.Only(Roles.Beheerder),
        ["GET /beheer/gebruikers/{id:int}/deactiveren"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/gebruikers/{id:int}/deactiveren"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/gebruikers/{id:int}/sessies-beeindigen"] = Access.Only(Roles.Beheerder),
        ["GET /beheer/gebruikers/{id:int}/koppelen"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/gebruikers/{id:int}/koppelen"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/gebruikers/{id:int}/ontkoppelen"] = Access.Only(Roles.Beheerder),
        ["GET /beheer/rondes"] = Access.Only(Roles.Beheerder),
        ["GET /beheer/aangewezen-dagen"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/aangewezen-dagen"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/aangewezen-dagen/{day}/verwijderen"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/rondes/{code}/loting"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/rondes/{code}/betaalpercentage"] = Access.Only(Roles.Beheerder),
        ["POST /beheer/rondes/{code}/te-late-aanvulling"] = Access.Only(Roles.Beheerder),

        ["GET /aanvragen"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["POST /aanvragen/starten"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["GET /aanvragen/{id:int}"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /aanvragen/{id:int}/bewerken"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["POST /aanvragen/{id:int}/bewerken"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["GET /aanvragen/{id:int}/indienen"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["POST /aanvragen/{id:int}/indienen"] = Access.Only(Roles.Tekenbevoegde),
        ["GET /aanvragen/{id:int}/ontvangstbevestiging"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /aanvragen/{id:int}/ontvangstbevestiging.pdf"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /aanvragen/{id:int}/projectplan/{planId:int}"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /aanvragen/{id:int}/intrekken"] = Access.Only(Roles.Tekenbevoegde),
        ["POST /aanvragen/{id:int}/intrekken"] = Access.Only(Roles.Tekenbevoegde),
        ["GET /aanvragen/{id:int}/brieven/{kind}"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /aanvragen/{id:int}/aanvullen"] = Access.Only(Roles.Tekenbevoegde),
        ["POST /aanvragen/{id:int}/aanvullen"] = Access.Only(Roles.Tekenbevoegde),

        ["GET /plafond"] = Access.Anonymous,
        ["GET /plafond/{round}/grootboek.json"] = Access.Anonymous,
        ["GET /plafond/{round}/grootboek.csv"] = Access.Anonymous,
        ["GET /plafond/grootboek-v1.schema.json"] = Access.Anonymous,
        ["GET /rondes/{round}/grootboekcontrole"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["GET /behandeling"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["GET /behandeling/{id:int}"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/beoordelen"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/verdagen"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/te-late-aanvulling"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/oppakken"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/toewijzen"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/teruggeven"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/besluit"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/besluit/accorderen"] = Access.Only(Roles.Accordeerder),
        ["POST /behandeling/{id:int}/besluit/terugsturen"] = Access.Only(Roles.Accordeerder),
        ["GET /behandeling/verzenden"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/verzenden"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["GET /behandeling/verzenden/{id:int}"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),

        ["GET /behandeling/{id:int}/vaststelling"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/vaststelling"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/vaststelling/besteding"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /behandeling/{id:int}/vaststelling/accorderen"] = Access.Only(Roles.Accordeerder),
        ["POST /behandeling/{id:int}/vaststelling/terugsturen"] = Access.Only(Roles.Accordeerder),
        ["GET /behandeling/bezwaren"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["GET /behandeling/bezwaren/{id:int}"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["GET /behandeling/{id:int}/bezwaar"] = Access.Only(Roles.Behandelaar),
        ["POST /behandeling/{id:int}/bezwaar"] = Access.Only(Roles.Behandelaar),
        ["POST /behandeling/bezwaren/{id:int}/verschoonbaarheid"] = Access.Only(Roles.Behandelaar),
        ["POST /behandeling/bezwaren/{id:int}/verdagen"] = Access.Only(Roles.Behandelaar),
        ["POST /behandeling/bezwaren/{id:int}/beslissing"] = Access.Only(Roles.Behandelaar),
        ["GET /auditlog"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /auditlog/{round}/export"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),

        ["GET /betalingen"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["POST /betalingen/export"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),
        ["GET /betalingen/export/{id:int}"] = Access.Only(Roles.Behandelaar, Roles.Accordeerder),

        ["GET /programma/deelnemers/{id:int}/ambassadeur"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["POST /programma/deelnemers/{id:int}/ambassadeur"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/ambassadeur/doelen"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/ambassadeur/doelen/{municipalityId:int}/verwijderen"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/ambassadeur/contacten"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/regio"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /programma/regio/{regionCode}"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /mijn-deelname/contacten"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["GET /programma/overzicht"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /programma/overzicht/export/{dataset}.{format}"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /programma/overzicht/open-data/360giving.json"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        // The Koploper programme (issue 6 §6): the programmamanager edits, the grants office reads, the beheerder has no
        // access; a gemeente sees only its own participation(s) under /mijn-deelname.
        ["GET /programma"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /programma/lichtingen/{id:int}"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /programma/lichtingen/nieuw"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/lichtingen/nieuw"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/lichtingen/{id:int}/bewerken"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/lichtingen/{id:int}/bewerken"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/deelnemers/{id:int}"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /programma/deelnemers/nieuw"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/nieuw"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/deelnemers/{id:int}/bewerken"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/bewerken"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/deelnemers/{id:int}/beeindigen"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/beeindigen"] = Access.Only(Roles.Programmamanager),
        ["GET /mijn-deelname"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["GET /mijn-deelname/{id:int}"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["GET /programma/deelnemers/{id:int}/voortgang"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /programma/deelnemers/{id:int}/voortgang/thema/{theme}"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/voortgang/thema/{theme}"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/deelnemers/{id:int}/voortgang/activiteiten/nieuw"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/voortgang/activiteiten/nieuw"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/deelnemers/{id:int}/voortgang/activiteiten/{activityId:int}"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/voortgang/activiteiten/{activityId:int}"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/deelnemers/{id:int}/voortgang/mijlpalen/nieuw"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/voortgang/mijlpalen/nieuw"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/deelnemers/{id:int}/voortgang/mijlpalen/{milestoneId:int}"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/voortgang/mijlpalen/{milestoneId:int}"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/deelnemers/{id:int}/voortgang/metingen/nieuw"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/voortgang/metingen/nieuw"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/lichtingen/{id:int}/checklist"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["GET /mijn-deelname/voortgang"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["GET /mijn-deelname/voortgang/{id:int}"] = Access.Only(Roles.Invuller, Roles.Tekenbevoegde),
        ["GET /programma/deelnemers/{id:int}/budget"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
        ["POST /programma/deelnemers/{id:int}/budget/toekenningen"] = Access.Only(Roles.Programmamanager),
        ["POST /programma/deelnemers/{id:int}/budget/uitgaven"] = Access.Only(Roles.Programmamanager),
        ["GET /programma/lichtingen/{id:int}/budget"] = Access.Only(Roles.Programmamanager, Roles.Behandelaar, Roles.Accordeerder),
    };

    /// <summary>GET pages that are no controller action, with the policy they are mapped with.</summary>
    private static readonly ActionEndpoint[] OtherPages =
    [
        new("Hangfire dashboard", "GET", "/beheer/hangfire", Access.Only(Roles.Beheerder), IgnoresAntiforgery: false, Method: null),
        new("Health: live", "GET", GrantAdmin.Web.Infrastructure.Health.LivePath, Access.Anonymous, IgnoresAntiforgery: false, Method: null),
        new("Health: ready", "GET", GrantAdmin.Web.Infrastructure.Health.ReadyPath, Access.Anonymous, IgnoresAntiforgery: false, Method: null),
    ];

    /// <summary>The only actions that skip the anti-forgery check, and why: the error page re-executes refused POSTs.</summary>
    private static readonly string[] AntiforgeryExemptions = ["ANY /fout/{code:int?}"];

    private static IReadOnlyList<ActionEndpoint> Actions => ActionCatalog.All;

    public static TheoryData<string?, string?> Visitors() => new()
    {
        { null, null },
        { Roles.Invuller, TestData.Utrecht },
        { Roles.Tekenbevoegde, TestData.Utrecht },
        { Roles.Behandelaar, null },
        { Roles.Accordeerder, null },
        { Roles.Programmamanager, null },
        { Roles.Beheerder, null },
        { Roles.Invuller, TestData.Groningen },
        { Roles.Tekenbevoegde, TestData.Groningen },
    };

    public static TheoryData<string> CheckedPosts() =>
        new(Actions.Where(a => a.Verb is "POST" or "ANY" && !a.IgnoresAntiforgery).Select(a => a.Key));

    [Fact]
    public void EveryAction_HasItsDeliberateAccessPolicy()
    {
        var problems = new List<string>();
        foreach (var action in Actions)
        {
            if (!Expected.TryGetValue(action.Key, out var expected))
                problems.Add($"{action.Name} ({action.Key}, now: {action.Access}) is not in AuthorizationTests.Expected. " +
                    "Decide deliberately who may use it ([AllowAnonymous], [Authorize] or [Authorize(Roles = ...)]) and add it to the table.");
            else if (!expected.Equals(action.Access))
                problems.Add($"{action.Name} ({action.Key}) is open to {action.Access}, but the table says {expected}.");
        }
        foreach (var key in Expected.Keys.Except(Actions.Select(a => a.Key)))
            problems.Add($"AuthorizationTests.Expected lists {key}, which is no action (any more): remove it or fix its route.");

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void AntiforgeryCheck_IsSkippedOnlyByTheErrorPage() =>
        Assert.Equal(AntiforgeryExemptions, Actions.Where(a => a.IgnoresAntiforgery).Select(a => a.Key));

    [Theory, MemberData(nameof(Visitors))]
    public async Task EveryPage_AnswersEachRoleAsItsPolicySays(string? role, string? municipalityCode)
    {
        var (id, planId) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var visitor = role is null ? App.Client() : await Data.SignedInAsync(role, municipalityCode);
        var samples = new Dictionary<string, string>
        {
            ["id"] = $"{id}", ["planId"] = $"{planId}", ["code"] = "400", ["round"] = "2023", ["kind"] = "Ontvangstbevestiging",
            ["regionCode"] = "VR19", ["scheme"] = "eherkenning",
            ["dataset"] = "dekking", ["format"] = "csv",
            ["theme"] = "Vindbaarheid", ["activityId"] = "1", ["milestoneId"] = "1",
        };

        var problems = new List<string>();
        foreach (var (page, policy) in PagesWithTheirPolicy())
        {
            var url = page.Url(samples);
            var expected = Expect(page.Route, policy, role, municipalityCode);
            var actual = Classify(await visitor.Http.GetAsync(url));
            if (actual != expected) problems.Add($"GET {url} (for {policy}): expected {expected}, got {actual}");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory, MemberData(nameof(Visitors))]
    public async Task EveryPost_AnswersEachRoleAsItsPolicySays_AndARefusalChangesNothing(string? role, string? municipalityCode)
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var visitor = role is null ? App.Client() : await Data.SignedInAsync(role, municipalityCode);
        var token = await visitor.TokenAsync(role is null ? "/inloggen" : "/wachtwoord");
        await App.OutboxIdleAsync(); // the receipt goes out now, not while a refusal is being fingerprinted
        // Refused visitors aim at a real application of Utrecht; allowed ones at ids that name nothing, so that what
        // they may do (take a case, deactivate a user) cannot change who they are for the rest of the walk.
        var real = PostSamples($"{id}");
        var nothing = PostSamples("987654");

        var problems = new List<string>();
        // Signing out and posting the login form last: both end the visitor's session.
        foreach (var action in Actions.Where(a => a.Verb == "POST").OrderBy(a => a.Route switch { "/uitloggen" => 1, "/inloggen" => 2, _ => 0 }))
        {
            var expected = ExpectAccess(action.Route, action.Access, role, municipalityCode);
            var allowed = expected == Outcome.Allowed;
            var url = action.Url(allowed ? nothing : real);
            var before = allowed ? null : await DatabaseFingerprint.OfAsync(App);
            var response = await visitor.Http.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Reden", "x")]));
            var actual = Classify(response);
            if ((int)response.StatusCode >= 500) problems.Add($"POST {url}: {(int)response.StatusCode}");
            else if (allowed && actual is Outcome.SignIn or Outcome.Denied) problems.Add($"POST {url} (for {action.Access}): {actual}");
            else if (!allowed && actual != expected) problems.Add($"POST {url} (for {action.Access}): expected {expected}, got {actual}");
            else if (!allowed && before != await DatabaseFingerprint.OfAsync(App)) problems.Add($"POST {url} was refused ({actual}) but changed the database");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static Dictionary<string, string> PostSamples(string id) => new()
    {
        ["id"] = id, ["code"] = "2023", ["round"] = "2023", ["day"] = "2030-01-02", ["municipalityId"] = "1",
        ["theme"] = "Vindbaarheid", ["activityId"] = id, ["milestoneId"] = id,
    };

    [Theory, MemberData(nameof(CheckedPosts))]
    public async Task PostWithoutAntiforgeryToken_IsRefusedWith400(string key)
    {
        var action = Actions.Single(a => a.Key == key);
        var role = action.Access.SomeAllowedRole;
        using var client = role is null ? App.Client() : await Data.SignedInAsync(role, Roles.IsApplicant(role) ? TestData.Utrecht : null);
        await client.TokenAsync("/inloggen"); // the browser holds the anti-forgery cookie; the forged form lacks the token

        var response = await client.Http.PostAsync(action.Url(PostSamples("1")), new FormUrlEncodedContent([new("Reason", "x")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task NormalPage_SendsTheSecurityHeaders()
    {
        using var client = App.Client();

        var response = (await client.GetAsync("/inloggen")).Response;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues(HeaderNames.ContentSecurityPolicy));
        Assert.DoesNotContain("'unsafe-inline'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("base-uri 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues(HeaderNames.XContentTypeOptions)));
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(response.Headers.GetValues("Referrer-Policy"))));
    }

    [Fact]
    public async Task Downloads_AreNeverStored_StaticFilesMayBe()
    {
        var (id, planId) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var client = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);

        foreach (var url in new[] { $"/aanvragen/{id}/projectplan/{planId}", $"/aanvragen/{id}/ontvangstbevestiging.pdf", "/aanvragen" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{url} may be stored: Cache-Control '{response.Headers.CacheControl}'");
        }
        var css = await client.Http.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.NotEqual(true, css.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task AuthAndAntiforgeryCookies_AreSecureHttpOnlyAndStrict()
    {
        using var client = App.Client();
        var email = await Data.UserAsync(Roles.Behandelaar);

        var loginPage = (await client.GetAsync("/inloggen")).Response;
        var signedIn = (await client.LoginAsync(email)).Response;

        foreach (var cookie in new[] { Cookie(loginPage, "grantadmin.af"), Cookie(signedIn, "grantadmin.auth") })
        {
            Assert.True(cookie.Secure, $"{cookie.Name} is Secure");
            Assert.True(cookie.HttpOnly, $"{cookie.Name} is HttpOnly");
            Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        }
    }

    [Fact]
    public async Task NoticeCookie_IsSecureHttpOnlyAndStrict_AndHstsLastsAYearWithSubdomains()
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        var created = await admin.PostAsync("/beheer/gebruikers", [new("Email", "nieuw.cookie@test.example"), new("DisplayName", "Nieuw"),
            new("Role", Roles.Behandelaar), new("MunicipalityCode", ""), new("Password", "Een-lang-en-zeldzaam-wachtwoord-93")]);

        var notice = Cookie(created.Response, "grantadmin.td");
        Assert.True(notice.Secure && notice.HttpOnly, "the notice cookie is Secure and HttpOnly");
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, notice.SameSite);
        // HSTS is not sent to localhost (the middleware's own exclusion), so its settings are read here.
        var hsts = App.Service<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.HttpsPolicy.HstsOptions>>().Value;
        Assert.True(hsts.MaxAge >= TimeSpan.FromDays(365) && hsts.IncludeSubDomains, $"HSTS max-age {hsts.MaxAge}, subdomains {hsts.IncludeSubDomains}");
    }

    [Fact]
    public async Task RefusedRequests_AreLogged_WithWhoAskedAndFromWhere()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var stranger = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Groningen);
        using var applicant = await Data.SignedInAsync(Roles.Invuller, TestData.Utrecht);
        App.Log.Clear();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/aanvragen/{id}")).Status);
        Assert.Equal("/geen-toegang", (await applicant.GetAsync("/behandeling")).RedirectPath);

        var refusals = App.Log.Lines.Where(l => l.StartsWith("Warning GrantAdmin.Refusals", StringComparison.Ordinal)).ToList();
        Assert.Contains(refusals, l => l.Contains($"GET /aanvragen/{id} gaf 404", StringComparison.Ordinal) && !l.Contains("anoniem", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("GET /behandeling gaf 302 naar /geen-toegang", StringComparison.Ordinal));
    }

    private static SetCookieHeaderValue Cookie(HttpResponseMessage response, string name)
    {
        var all = SetCookieHeaderValue.ParseList(response.Headers.TryGetValues(HeaderNames.SetCookie, out var values) ? values.ToList() : []);
        return all.SingleOrDefault(c => c.Name == name)
            ?? throw new InvalidOperationException($"No {name} cookie set; set: {string.Join(", ", all.Select(c => c.Name))}");
    }

    /// <summary>
    /// Every page a browser can GET, with the policy the table above gives it (an action missing from the table
    /// is reported by <see cref="EveryAction_HasItsDeliberateAccessPolicy"/>).
    /// </summary>
    private static IEnumerable<(ActionEndpoint Page, Access Policy)> PagesWithTheirPolicy() =>
        Actions.Where(a => a.Verb is "GET" or "ANY" && Expected.ContainsKey(a.Key)).Select(a => (a, Expected[a.Key]))
            .Concat(OtherPages.Select(p => (p, p.Access)));

    /// <summary>What a visitor should meet: the sign-in page, "geen toegang", not found, or the page itself.</summary>
    private static string Expect(string route, Access policy, string? role, string? municipalityCode)
    {
        var access = ExpectAccess(route, policy, role, municipalityCode);
        if (access != Outcome.Allowed) return access;
        // The shared app has no login provider configured (ExternalLoginTests has): starting one finds nothing.
        if (route == "/inloggen/extern/{scheme}") return Outcome.NotFound;
        // The sample id is a participant (the seeded koplopers) of which neither Utrecht nor Groningen is a member.
        if (route.StartsWith("/mijn-deelname/{id", StringComparison.Ordinal)) return Outcome.NotFound;
        // The sample id names no payment export (none is made here): 404 for the office.
        if (route.StartsWith("/betalingen/export/{id", StringComparison.Ordinal)) return Outcome.NotFound;
        // Nor a verzendronde (none is started here).
        if (route.StartsWith("/behandeling/verzenden/{id", StringComparison.Ordinal)) return Outcome.NotFound;
        // The sample id names no bezwaar (none is registered here): 404 for the office.
        if (route.StartsWith("/behandeling/bezwaren/{id", StringComparison.Ordinal)) return Outcome.NotFound;
        // The sample ids name no activity or milestone (none is made here), and no participation of Utrecht or Groningen.
        if (route.Contains("{activityId", StringComparison.Ordinal) || route.Contains("{milestoneId", StringComparison.Ordinal)) return Outcome.NotFound;
        if (route.StartsWith("/mijn-deelname/voortgang/{id", StringComparison.Ordinal)) return Outcome.NotFound;
        return Outcome.Allowed;
    }

    /// <summary>Whether the visitor gets past access control to an application of Utrecht: the page, or why not.</summary>
    private static string ExpectAccess(string route, Access policy, string? role, string? municipalityCode)
    {
        if (policy.Equals(Access.Anonymous)) return Outcome.Allowed;
        if (role is null) return Outcome.SignIn;
        if (!policy.Allows(role)) return Outcome.Denied;
        // Another gemeente's application does not exist for an applicant: 404, whatever the page.
        if (route.StartsWith("/aanvragen/{id", StringComparison.Ordinal) && municipalityCode is not null && municipalityCode != TestData.Utrecht)
            return Outcome.NotFound;
        return Outcome.Allowed;
    }

    private static string Classify(HttpResponseMessage response)
    {
        var status = response.StatusCode;
        if (AppClient.RedirectPathOf(response) is { } path)
            return path switch { "/inloggen" => Outcome.SignIn, "/geen-toegang" => Outcome.Denied, _ => Outcome.Allowed };
        if (status == HttpStatusCode.NotFound) return Outcome.NotFound;
        return status is >= HttpStatusCode.OK and < HttpStatusCode.BadRequest ? Outcome.Allowed : $"{(int)status} {status}";
    }

    private static class Outcome
    {
        public const string Allowed = "the page (2xx, or a redirect elsewhere)";
        public const string SignIn = "302 to /inloggen";
        public const string Denied = "302 to /geen-toegang";
        public const string NotFound = "404";
    }
}
