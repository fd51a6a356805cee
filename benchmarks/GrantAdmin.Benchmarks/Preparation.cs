using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dapper;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Demo;
using GrantAdmin.Web.Features.ReferenceData;
using GrantAdmin.Web.Features.Users;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Benchmarks;

/// <summary>A tekenbevoegde of one gemeente, signed in on a client of her own (own cookies, own connection).</summary>
public sealed record Applicant(string Email, string CbsCode, string MunicipalityName, CookieContainer Cookies, HttpClient Client);

/// <summary>A complete draft with its projectplan, and the anti-forgery token of its submit form.</summary>
public sealed record PreparedDraft(Applicant Applicant, int RoundId, int ApplicationId, string SubmitToken)
{
    public string SubmitPath => $"/aanvragen/{ApplicationId}/indienen";
    public string ReceiptPath => $"/aanvragen/{ApplicationId}/ontvangstbevestiging";

    public HttpRequestMessage SubmitRequest() =>
        new(HttpMethod.Post, SubmitPath) { Content = new FormUrlEncodedContent([new("__RequestVerificationToken", SubmitToken)]) };
}

/// <summary>
/// Not timed. The givens in SQL (rounds open now, one tekenbevoegde per gemeente of the round's list), then everything a
/// user does through the app's own forms over HTTP: log in, start the draft, fill in and save the complete form with a PDF
/// plan, open the submit page and keep its token.
/// </summary>
public static class Preparation
{
    public const string Password = "Bench-wachtwoord-2026";
    private const int ListYear = 2023; // 342 gemeenten on 1 January 2023
    private const int Parallelism = 4;

    internal const string MunicipalitiesSql = """
        SELECT m.id, m.cbs_code, m.name FROM municipalities m
        JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = @listYear
        ORDER BY m.cbs_code
        """;

    private static readonly Regex TokenPattern = new("""name="__RequestVerificationToken"[^>]*?value="([^"]+)"|value="([^"]+)"[^>]*?name="__RequestVerificationToken" """.TrimEnd(),
        RegexOptions.Compiled);

    public sealed record Givens(IReadOnlyList<int> RoundIds, IReadOnlyList<(string Email, string CbsCode, string Name)> Users, DateOnly OpensOn, DateOnly ActivitiesUntil);

    /// <summary>Rounds bench-1 … bench-K, open since 00:00 today (Amsterdam); a tekenbevoegde for each of the first N gemeenten.</summary>
    public static async Task<Givens> GivensAsync(Db db, int count, int rounds, CancellationToken ct)
    {
        var today = Amsterdam.Today(TimeProvider.System);
        var activitiesUntil = new DateOnly(today.Year + 2, 6, 30);
        // Identity's hash carries its own salt and ignores the user: one hash serves every account (the app verifies each login).
        var hash = LoginHandler.Hasher.HashPassword(new object(), Password);
        return await db.WriteAsync(async w =>
        {
            var tx = w.Tx;
            var municipalities = await tx.QueryAsync<(int Id, string Code, string Name)>(MunicipalitiesSql, new { listYear = ListYear }, ct);
            if (municipalities.Count < count)
                throw new InvalidOperationException($"The {ListYear} list holds {municipalities.Count} gemeenten; a round takes one application per gemeente, so N ≤ {municipalities.Count}.");
            var roundIds = new List<int>();
            for (var k = 1; k <= rounds; k++)
            {
                var code = $"bench-{k}";
                await tx.ExecuteAsync(ReferenceDataLoader.InsertRoundSql, new
                {
                    code, name = $"Belastingtest openingsmoment {k}", kenmerkPrefix = $"SUVCO-BENCH{k}", opensOn = today, closesOn = today.AddDays(60),
                    ceilingCents = 125_000_000L, maxCents = 5_000_000L, oneGrant = true, remainderPolicy = "PartialRemainder", tiePolicy = "ExactMoment",
                    listYear = ListYear, activitiesFrom = today, activitiesUntil, decisionTermWeeks = 8, completionTermDays = 14, ruleVersion = "Belastingtest",
                }, ct);
                roundIds.Add(await tx.QuerySingleAsync<int>("SELECT id FROM rounds WHERE code = @code", new { code }, ct));
            }
            await ReferenceDataLoader.EnsureChecklistsAsync(tx, ct);
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var users = municipalities.Take(count).Select(m => (Email: $"tekenbevoegde.{m.Code.ToLowerInvariant()}@belastingtest.example", m.Code, m.Name)).ToList();
            await tx.Connection!.ExecuteAsync(new CommandDefinition(ManageUsers.InsertSql, municipalities.Take(count).Zip(users).Select(x => new
            {
                email = x.Second.Email, displayName = $"Tekenbevoegde {x.First.Name}", hash, role = Roles.Tekenbevoegde, municipalityId = x.First.Id,
                stamp = Guid.NewGuid().ToString("N"), now,
            }), tx, cancellationToken: ct));
            return new Givens(roundIds, users, today, activitiesUntil);
        }, ct);
    }

    /// <summary>Each user logs in and prepares a complete draft in every round, a few users at a time; returns the drafts per round.</summary>
    public static async Task<(IReadOnlyList<Applicant> Applicants, IReadOnlyList<IReadOnlyList<PreparedDraft>> DraftsPerRound)> DraftsAsync(
        Uri baseAddress, Givens givens, CancellationToken ct)
    {
        var applicants = new Applicant[givens.Users.Count];
        var drafts = new PreparedDraft[givens.RoundIds.Count, givens.Users.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, givens.Users.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var (email, code, name) = givens.Users[i];
                var cookies = new CookieContainer();
                var applicant = new Applicant(email, code, name, cookies, BurstClient.Connection(baseAddress, cookies));
                await LoginAsync(applicant.Client, email, Password, "/aanvragen", token);
                for (var r = 0; r < givens.RoundIds.Count; r++)
                    drafts[r, i] = await DraftAsync(applicant, givens.RoundIds[r], givens, token);
                applicants[i] = applicant;
            });
        return (applicants, Enumerable.Range(0, givens.RoundIds.Count)
            .Select(r => (IReadOnlyList<PreparedDraft>)Enumerable.Range(0, givens.Users.Count).Select(i => drafts[r, i]).ToList()).ToList());
    }

    /// <summary>Signs in through the form, as a person does; <paramref name="landing"/> is where the role lands (a gemeente on its applications).</summary>
    internal static async Task LoginAsync(HttpClient client, string email, string password, string? landing, CancellationToken ct)
    {
        var token = await TokenAsync(client, "/inloggen", ct);
        using var response = await client.PostAsync("/inloggen", new FormUrlEncodedContent(
            [new("Email", email), new("Password", password), new("ReturnUrl", ""), new("__RequestVerificationToken", token)]), ct);
        await Expect(response, landing, $"log in as {email}", ct);
    }

    private static async Task<PreparedDraft> DraftAsync(Applicant applicant, int roundId, Givens givens, CancellationToken ct)
    {
        var client = applicant.Client;
        var token = await TokenAsync(client, "/aanvragen", ct);
        int id;
        using (var started = await client.PostAsync("/aanvragen/starten", new FormUrlEncodedContent(
                   [new("roundId", roundId.ToString(CultureInfo.InvariantCulture)), new("__RequestVerificationToken", token)]), ct))
        {
            var location = await Expect(started, null, $"start a draft for {applicant.MunicipalityName}", ct);
            id = int.Parse(location.Split('/')[2], CultureInfo.InvariantCulture);
        }

        token = await TokenAsync(client, $"/aanvragen/{id}/bewerken", ct);
        using var form = new MultipartFormDataContent();
        foreach (var (field, value) in CompleteForm(applicant, givens).Append(new("next", "review")).Append(new("PlanId", "")).Append(new("__RequestVerificationToken", token)))
            form.Add(new StringContent(value), field);
        var pdf = new ByteArrayContent(DemoData.DemoPdf($"Projectplan versterking clientondersteuning {applicant.MunicipalityName}"));
        pdf.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        form.Add(pdf, "plan", $"Projectplan {applicant.CbsCode}.pdf");
        using (var saved = await client.PostAsync($"/aanvragen/{id}/bewerken", form, ct))
            await Expect(saved, $"/aanvragen/{id}/indienen", $"save the draft of {applicant.MunicipalityName}", ct);

        return new PreparedDraft(applicant, roundId, id, await TokenAsync(client, $"/aanvragen/{id}/indienen", ct, mustContain: $"action=\"/aanvragen/{id}/indienen\""));
    }

    /// <summary>A complete application (the fields of the draft form, as in the test suite's complete form).</summary>
    private static IEnumerable<KeyValuePair<string, string>> CompleteForm(Applicant applicant, Givens givens) =>
        new Dictionary<string, string>
        {
            ["ContactName"] = $"Beleidsadviseur {applicant.MunicipalityName}",
            ["ContactEmail"] = $"wmo.{applicant.CbsCode.ToLowerInvariant()}@gemeente.example",
            ["ContactPhone"] = "030 123 45 67",
            ["ActivityProjectLeader"] = "true",
            ["ActivityResearch"] = "true",
            ["ProjectStart"] = givens.OpensOn.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["ProjectEnd"] = givens.ActivitiesUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["RequestedAmount"] = "50.000",
            ["BudgetProjectLeader"] = "40000",
            ["BudgetResearch"] = "10000",
            ["Iban"] = "NL91 ABNA 0417 1643 00",
            ["AccountHolder"] = $"Gemeente {applicant.MunicipalityName}",
            ["StatementTruthful"] = "true",
            ["StatementPurpose"] = "true",
            ["StatementNoDoubleFunding"] = "true",
            ["StatementAccountability"] = "true",
        };

    private static async Task<string> TokenAsync(HttpClient client, string path, CancellationToken ct, string? mustContain = null)
    {
        using var response = await client.GetAsync(path, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK || (mustContain is not null && !html.Contains(mustContain, StringComparison.Ordinal)))
            throw new InvalidOperationException($"GET {path}: HTTP {(int)response.StatusCode}, not the expected form.");
        var match = TokenPattern.Match(html);
        if (!match.Success) throw new InvalidOperationException($"GET {path}: no anti-forgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
    }

    /// <summary>The redirect's path; throws with the page's error summary when the answer is no redirect (or not to <paramref name="expected"/>).</summary>
    private static async Task<string> Expect(HttpResponseMessage response, string? expected, string what, CancellationToken ct)
    {
        var location = response.Headers.Location is { } l ? new Uri(new Uri("http://x"), l).AbsolutePath : null;
        if (response.StatusCode == HttpStatusCode.Redirect && location is not null && (expected is null || location == expected)) return location;
        var html = await response.Content.ReadAsStringAsync(ct);
        var errors = Regex.Matches(html, "<li[^>]*>(.*?)</li>", RegexOptions.Singleline).Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", "").Trim())
            .Where(t => t.Length > 0).Take(5);
        throw new InvalidOperationException($"Could not {what}: HTTP {(int)response.StatusCode} {location}; {string.Join(" | ", errors)}");
    }
}
