using System.Globalization;
using Dapper;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Demo;
using GrantAdmin.Web.Features.Users;

namespace GrantAdmin.Tests.Support;

/// <summary>Arranges what a test needs, through the app where a user would, with SQL only for the givens.</summary>
public sealed class TestData(TestApp app)
{
    public const string Password = "Test-wachtwoord-123";
    public const string Utrecht = "GM0344";
    public const string Goes = "GM0664";
    public const string Groningen = "GM0014";

    public static (string FileName, byte[] Content, string ContentType) PdfPlan(string name = "Projectplan.pdf") =>
        (name, DemoData.DemoPdf("Projectplan test"), "application/pdf");

    public async Task<string> UserAsync(string role, string? municipalityCode = null, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}.{municipalityCode?.ToLowerInvariant() ?? "office"}.{Guid.NewGuid():N}@test.example";
        await using var connection = await app.Db.OpenAsync();
        int? municipalityId = municipalityCode is null ? null
            : await connection.QuerySingleAsync<int>(ManageUsers.MunicipalityIdSql, new { code = municipalityCode });
        await connection.ExecuteAsync(ManageUsers.InsertSql, new
        {
            email, displayName = $"{role} {municipalityCode ?? "kantoor"}", hash = LoginHandler.Hasher.HashPassword(email, Password),
            role, municipalityId, now = app.Clock.GetUtcNow().UtcDateTime,
        });
        return email;
    }

    public async Task<AppClient> SignedInAsync(string role, string? municipalityCode = null)
    {
        var client = app.Client();
        await client.LoginAsync(await UserAsync(role, municipalityCode));
        return client;
    }

    public async Task<int> RoundIdAsync(string code)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM rounds WHERE code = @code", new { code });
    }

    public static Dictionary<string, string> CompleteForm() => new()
    {
        ["ContactName"] = "Jan Jansen",
        ["ContactEmail"] = "jan.jansen@gemeente.example",
        ["ContactPhone"] = "030 123 45 67",
        ["ActivityProjectLeader"] = "true",
        ["ActivityResearch"] = "true",
        ["ProjectStart"] = "2023-03-01",
        ["ProjectEnd"] = "2024-06-30",
        ["RequestedAmount"] = "50.000",
        ["BudgetProjectLeader"] = "40000",
        ["BudgetResearch"] = "10000",
        ["Iban"] = "NL91 ABNA 0417 1643 00",
        ["AccountHolder"] = "Gemeente Utrecht",
        ["StatementTruthful"] = "true",
        ["StatementPurpose"] = "true",
        ["StatementNoDoubleFunding"] = "true",
        ["StatementAccountability"] = "true",
    };

    /// <summary>Starts the signed-in gemeente's draft in a round, through the dashboard.</summary>
    public static async Task<int> StartDraftAsync(AppClient client, int roundId)
    {
        var page = await client.PostAsync("/aanvragen/starten", [new("roundId", roundId.ToString(CultureInfo.InvariantCulture))], tokenFrom: "/aanvragen");
        if (page.Location is not { } location) throw new InvalidOperationException("Draft not started: " + string.Join("; ", page.ErrorSummary));
        return int.Parse(location.Split('/')[2], CultureInfo.InvariantCulture);
    }

    public static Task<AppClient.Page> SaveAsync(AppClient client, int id, IDictionary<string, string> fields,
        (string FileName, byte[] Content, string ContentType)? plan, string next = "save") =>
        client.PostMultipartAsync($"/aanvragen/{id}/bewerken", fields.Append(new("next", next)), plan);

    public static Task<AppClient.Page> SubmitAsync(AppClient client, int id) =>
        client.PostAsync($"/aanvragen/{id}/indienen", [], tokenFrom: $"/aanvragen/{id}/indienen");

    public async Task<int> CurrentPlanIdAsync(int applicationId)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT current_plan_id FROM applications WHERE id = @applicationId", new { applicationId });
    }

    /// <summary>A submitted application of the gemeente, with its projectplan, submitted by a tekenbevoegde of its own.</summary>
    public async Task<(int Id, int PlanId)> SubmittedApplicationAsync(string municipalityCode)
    {
        var (client, id) = await CompleteDraftAsync(municipalityCode);
        using (client)
        {
            var submitted = await SubmitAsync(client, id);
            if (submitted.Location is null) throw new InvalidOperationException("Not submitted: " + string.Join("; ", submitted.ErrorSummary));
        }
        return (id, await CurrentPlanIdAsync(id));
    }

    /// <summary>
    /// Waits until the background job has sent the letter of the application's approved decision (its sending date
    /// is set in the same transaction as the stored letter and the outbox mail).
    /// </summary>
    public async Task LetterSentAsync(int applicationId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await using (var connection = await app.Db.OpenAsync())
                if (await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM decisions WHERE application_id = @applicationId AND sent_on IS NOT NULL",
                        new { applicationId }) > 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The decision letter of application {applicationId} was not sent. {await app.BackgroundStateAsync()}");
            await Task.Delay(50);
        }
    }

    /// <summary>A tekenbevoegde of the gemeente with a complete draft (plan included) in the round.</summary>
    public async Task<(AppClient Client, int Id)> CompleteDraftAsync(string municipalityCode, string roundCode = "2023")
    {
        var client = await SignedInAsync(Roles.Tekenbevoegde, municipalityCode);
        var id = await StartDraftAsync(client, await RoundIdAsync(roundCode));
        var saved = await SaveAsync(client, id, CompleteForm(), PdfPlan());
        if (saved.Location is null) throw new InvalidOperationException("Draft not saved: " + string.Join("; ", saved.ErrorSummary));
        return (client, id);
    }

    /// <summary>A completeness judgement with every checklist item ticked.</summary>
    public static List<KeyValuePair<string, string>> CompleteJudgement()
    {
        var codes = GrantAdmin.Web.Features.ReferenceData.ReferenceDataLoader.DefaultChecklist.Select(c => c.Code).ToList();
        return codes.SelectMany((code, i) => new KeyValuePair<string, string>[] { new($"Items[{i}].Code", code), new($"Items[{i}].Complete", "true") }).ToList();
    }

    /// <summary>Submitted, judged complete and a verlening prepared by a Behandelaar, approved by an Accordeerder.</summary>
    public async Task<int> GrantedApplicationAsync(string code)
    {
        var (client, id) = await CompleteDraftAsync(code);
        await SubmitAsync(client, id);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var reviewer = await SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        Expect((await reviewer.PostAsync($"/behandeling/{id}/beoordelen", CompleteJudgement(), tokenFrom: $"/behandeling/{id}")));
        var prepared = await reviewer.PostAsync($"/behandeling/{id}/besluit",
            [new("Kind", nameof(GrantAdmin.Web.Features.Decisions.DecisionKind.Verlening)), new("Ground", ""), new("Explanation", "")], tokenFrom: $"/behandeling/{id}");
        Expect(prepared);
        var approver = await SignedInAsync(Roles.Accordeerder);
        Expect((await approver.PostAsync($"/behandeling/{id}/besluit/accorderen", [], tokenFrom: $"/behandeling/{id}")));
        await LetterSentAsync(id); // the letter goes by a background job; payment follows the sent letter
        return id;
    }

    private static void Expect(AppClient.Page page)
    {
        if (page.Status != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Expected a redirect, got {page.Status}: " + string.Join("; ", page.ErrorSummary));
    }
}
