using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Features.Payments;

namespace GrantAdmin.Tests.Features.Payments;

/// <summary>
/// A verlening approved through the real pipeline creates its payment instruction; the office exports the new ones
/// as CSV, each instruction exactly once, and the file is kept and downloadable unchanged.
/// </summary>
public sealed class PaymentTests(TestApp app) : AppTest(app)
{
    private sealed record InstructionRow(int Id, int DecisionId, long AmountCents, string Iban, string AccountHolder, string Kenmerk, int? ExportId);

    private async Task<InstructionRow?> InstructionAsync(int applicationId)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<InstructionRow>("""
            SELECT id, decision_id AS DecisionId, amount_cents AS AmountCents, iban, account_holder AS AccountHolder, kenmerk, export_id AS ExportId
            FROM payment_instructions WHERE application_id = @applicationId
            """, new { applicationId });
    }

    private static List<Dictionary<string, string>> ParseCsv(byte[] content)
    {
        using var reader = CsvHelper.CsvReader.Create(content, null);
        Assert.Equal(ExportPayments.Header, reader.Headers.ToArray());
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
            rows.Add(ExportPayments.Header.ToDictionary(h => h, h => reader.GetString(h)));
        return rows;
    }

    private async Task<CurrentUser> OfficeUserAsync()
    {
        var email = await Data.UserAsync(Roles.Behandelaar);
        await using var connection = await App.Db.OpenAsync();
        var id = await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email });
        return new CurrentUser(id, "Behandelaar kantoor", Roles.Behandelaar, null, null);
    }

    [Fact]
    public async Task Grant_CreatesInstructionForTheGrantedAmount_ExportedOnce_FileKeptAndDownloadable()
    {
        var id = await Data.GrantedApplicationAsync(TestData.Utrecht);

        var instruction = await InstructionAsync(id);
        Assert.NotNull(instruction);
        await using var connection = await App.Db.OpenAsync();
        var application = await connection.QuerySingleAsync<(string Iban, string AccountHolder, string Kenmerk)>(
            "SELECT iban, account_holder, kenmerk FROM applications WHERE id = @id", new { id });
        Assert.Equal((5_000_000L, application.Iban, application.AccountHolder, "SUVCO-2023-000001", (int?)null),
            (instruction.AmountCents, instruction.Iban, instruction.AccountHolder, instruction.Kenmerk, instruction.ExportId));
        Assert.Equal(await connection.QuerySingleAsync<int>("SELECT id FROM decisions WHERE application_id = @id AND status = 'Goedgekeurd'", new { id }),
            instruction.DecisionId);

        var office = await Data.SignedInAsync(Roles.Behandelaar);
        var page = await office.GetAsync("/betalingen");
        Assert.Contains("SUVCO-2023-000001", page.Text("[data-testid=pending]"));
        Assert.Contains("€ 50.000", page.Text("[data-testid=pending]"));

        var exported = await office.PostAsync("/betalingen/export", [], tokenFrom: "/betalingen");
        Assert.Equal(HttpStatusCode.Redirect, exported.Status);
        var export = await connection.QuerySingleAsync<(int Id, string FileName, byte[] Content, string Sha256, int RowCount)>(
            "SELECT id, file_name, content, sha256, row_count FROM payment_exports");
        Assert.Equal(1, export.RowCount);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(export.Content)), export.Sha256);
        Assert.EndsWith(".csv", export.FileName);
        Assert.Equal(export.Id, (await InstructionAsync(id))!.ExportId);

        // The finance system's format, unchanged: no BOM, comma-separated.
        Assert.StartsWith("kenmerk,gemeente,CBS-code,", System.Text.Encoding.UTF8.GetString(export.Content));
        var row = Assert.Single(ParseCsv(export.Content));
        Assert.Equal("SUVCO-2023-000001", row["kenmerk"]);
        Assert.Equal("Utrecht", row["gemeente"]);
        Assert.Equal(TestData.Utrecht, row["CBS-code"]);
        Assert.Equal(application.Iban, row["IBAN"]);
        Assert.Equal(application.AccountHolder, row["tenaamstelling"]);
        Assert.Equal("50000.00", row["bedrag"]);
        Assert.Equal("2023-02-01", row["datum besluit"]);

        // Nothing new: refused in Dutch, and no second (empty) file.
        var again = await office.PostAsync("/betalingen/export", [], tokenFrom: "/betalingen");
        Assert.Contains(ExportPayments.NothingToExport, again.ErrorSummary);
        Assert.Equal("Er zijn geen nieuwe betaalopdrachten.", ExportPayments.NothingToExport);
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM payment_exports"));

        // The kept file, unchanged, for the office (an Accordeerder too); not for a gemeente.
        var listed = await office.GetAsync("/betalingen");
        var link = listed.Html.QuerySelector("[data-testid=exports] a")!.GetAttribute("href")!;
        Assert.Equal($"/betalingen/export/{export.Id}", link);
        var download = await (await Data.SignedInAsync(Roles.Accordeerder)).Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(export.Content, await download.Content.ReadAsByteArrayAsync());
        var gemeente = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        Assert.Equal("/geen-toegang", AppClient.RedirectPathOf(await gemeente.Http.GetAsync(link)));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'BetaalopdrachtenGeexporteerd'"));
    }

    [Fact]
    public async Task RoundPaymentPercentage_GivesThatShareOfTheGrant_InWholeCents()
    {
        await using (var connection = await App.Db.OpenAsync())
            await connection.ExecuteAsync("UPDATE rounds SET payment_percentage = 50 WHERE code = '2023'");

        var id = await Data.GrantedApplicationAsync(TestData.Utrecht);

        Assert.Equal(2_500_000L, (await InstructionAsync(id))!.AmountCents);
        Assert.Equal(617_283L, PaymentInstructions.Amount(1_234_567, 50)); // rounded down to whole cents
        Assert.Equal("1234.50", ExportPayments.Euros(123_450));
        Assert.Equal("0.05", ExportPayments.Euros(5));
    }

    [Fact]
    public async Task Refusal_CreatesNoInstruction()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        await reviewer.PostAsync($"/behandeling/{id}/beoordelen", TestData.CompleteJudgement(), tokenFrom: $"/behandeling/{id}");
        await reviewer.PostAsync($"/behandeling/{id}/besluit",
            [new("Kind", nameof(DecisionKind.Afwijzing)), new("Ground", PrepareDecision.NotEligibleGround), new("Explanation", "Voldoet niet.")], tokenFrom: $"/behandeling/{id}");
        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        Assert.Equal(HttpStatusCode.Redirect, (await approver.PostAsync($"/behandeling/{id}/besluit/accorderen", [], tokenFrom: $"/behandeling/{id}")).Status);

        Assert.Null(await InstructionAsync(id));
    }

    [Fact]
    public async Task ParallelExports_PutEachInstructionInExactlyOneFile()
    {
        var first = await Data.GrantedApplicationAsync(TestData.Utrecht);
        var second = await Data.GrantedApplicationAsync(TestData.Goes);
        var user = await OfficeUserAsync();

        async Task<GrantAdmin.Web.Infrastructure.Outcome<ExportPayments.Export>> ExportAsync()
        {
            await Task.Yield();
            using var scope = App.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<ExportPayments.Handler>().HandleAsync(user, CancellationToken.None);
        }
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(ExportAsync)));

        var succeeded = outcomes.Where(o => o.Succeeded).ToList();
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Contains(ExportPayments.NothingToExport, o.Errors.Values));
        await using var connection = await App.Db.OpenAsync();
        var files = (await connection.QueryAsync<(int Id, byte[] Content, int RowCount)>("SELECT id, content, row_count FROM payment_exports ORDER BY id")).ToList();
        Assert.Equal(succeeded.Count, files.Count);
        Assert.NotEmpty(files);
        var kenmerken = files.SelectMany(f => ParseCsv(f.Content).Select(r => r["kenmerk"])).ToList();
        Assert.Equal(["SUVCO-2023-000001", "SUVCO-2023-000002"], kenmerken.Order());
        Assert.Equal(2, files.Sum(f => f.RowCount));
        foreach (var applicationId in new[] { first, second })
            Assert.Contains((await InstructionAsync(applicationId))!.ExportId!.Value, files.Select(f => f.Id));

        // A later grant goes in a new file of its own.
        var third = await Data.GrantedApplicationAsync(TestData.Groningen);
        var later = await ExportAsync();
        Assert.True(later.Succeeded);
        var row = Assert.Single(ParseCsv((await connection.QuerySingleAsync<byte[]>("SELECT content FROM payment_exports WHERE id = @id", new { id = later.Value!.Id }))));
        Assert.Equal((await InstructionAsync(third))!.Kenmerk, row["kenmerk"]);
    }
}
