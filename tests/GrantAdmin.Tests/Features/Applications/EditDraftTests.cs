using System.IO.Compression;
using System.Net;
using System.Text;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Applications;

public sealed class EditDraftTests(TestApp app) : AppTest(app)
{
    private sealed record PlanRow(int Id, int? ApplicationId, string FileName, string Format, string Sha256);

    private async Task<(AppClient Client, int Id)> DraftAsync()
    {
        var client = await Data.SignedInAsync(Roles.Invuller, TestData.Utrecht);
        return (client, await TestData.StartDraftAsync(client, await Data.RoundIdAsync("2023")));
    }

    private async Task<string?> StoredContactAsync(int id)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT contact_phone FROM applications WHERE id = @id", new { id });
    }

    [Fact]
    public async Task AnIdFieldInTheForm_DoesNotOverrideTheApplicationInTheAddress()
    {
        var (client, id) = await DraftAsync();
        int other;
        await using (var connection = await App.Db.OpenAsync())
        {
            // Another draft of the same gemeente (in round 2022): scoping alone would let the form reach it.
            other = await connection.QuerySingleAsync<int>(GrantAdmin.Web.Features.Applications.Dashboard.InsertDraftSql + App.Db.Dialect.SelectInsertedIdSuffix, new
            {
                roundId = await Data.RoundIdAsync("2022"), municipalityId = await connection.QuerySingleAsync<int>("SELECT id FROM municipalities WHERE cbs_code = @code", new { code = TestData.Utrecht }),
                contactName = "Ander concept", contactEmail = "ander@gemeente.example", now = App.Clock.GetUtcNow().UtcDateTime,
                userId = await connection.QuerySingleAsync<int>("SELECT MIN(id) FROM users"),
            });
        }

        var fields = new Dictionary<string, string> { ["Id"] = other.ToString(System.Globalization.CultureInfo.InvariantCulture), ["ContactPhone"] = "030 999 99 99" };
        var saved = await TestData.SaveAsync(client, id, fields, plan: null);

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("030 999 99 99", await StoredContactAsync(id));
        Assert.Null(await StoredContactAsync(other));
    }

    [Fact]
    public async Task PartialDraft_SavedAndResumedLater()
    {
        var (client, id) = await DraftAsync();

        var saved = await TestData.SaveAsync(client, id, new Dictionary<string, string> { ["ContactPhone"] = "06 1234 5678", ["RequestedAmount"] = "25000" }, null);

        Assert.Equal($"/aanvragen/{id}/bewerken", saved.Location);
        var resumed = await client.GetAsync($"/aanvragen/{id}/bewerken");
        Assert.Equal("06 1234 5678", resumed.Value("ContactPhone"));
        Assert.Equal("25.000", resumed.Value("RequestedAmount"));
    }

    [Fact]
    public async Task WrongFields_DutchMessageAtEachField_FormComesBackFilled_PlanKept_NothingStored()
    {
        var (client, id) = await DraftAsync();
        var form = TestData.CompleteForm();
        form["Iban"] = "NL91 ABNA 0417 1643 01";
        form["RequestedAmount"] = "50.001";
        form["ContactEmail"] = "jan@";
        form["ProjectStart"] = "2024-07-01";

        var page = await TestData.SaveAsync(client, id, form, TestData.PdfPlan("Plan Utrecht.pdf"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Vul een geldig IBAN in, zoals NL91 ABNA 0417 1643 00. Controleer de cijfers.", page.FieldError("Iban"));
        Assert.Equal("Vraag een bedrag van minimaal € 1 en maximaal € 50.000 aan.", page.FieldError("RequestedAmount"));
        Assert.Equal("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.", page.FieldError("ContactEmail"));
        Assert.Equal("De begindatum moet liggen tussen 1 november 2021 en 30 juni 2024.", page.FieldError("ProjectStart"));
        Assert.Equal("De einddatum moet op of na de begindatum liggen.", page.FieldError("ProjectEnd"));
        Assert.Equal(5, page.ErrorSummary.Count);
        Assert.Equal("030 123 45 67", page.Value("ContactPhone"));
        Assert.Equal("NL91 ABNA 0417 1643 01", page.Value("Iban"));
        Assert.Contains("Plan Utrecht.pdf", page.Text("[data-testid=current-plan]"));
        Assert.Null(await StoredContactAsync(id));

        // Fixing the fields without choosing the file again keeps the uploaded plan.
        var keptPlanId = page.Value("PlanId");
        form = TestData.CompleteForm();
        form["PlanId"] = keptPlanId!;
        var fixedPage = await TestData.SaveAsync(client, id, form, null);
        Assert.Equal($"/aanvragen/{id}/bewerken", fixedPage.Location);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(int.Parse(keptPlanId!), await connection.QuerySingleAsync<int>("SELECT current_plan_id FROM applications WHERE id = @id", new { id }));
        Assert.Equal("030 123 45 67", await StoredContactAsync(id));
    }

    [Fact]
    public async Task Plan_RecognisedByContent_NotByName()
    {
        var (client, id) = await DraftAsync();

        var text = await TestData.SaveAsync(client, id, TestData.CompleteForm(), ("plan.pdf", Encoding.UTF8.GetBytes("just text"), "application/pdf"));
        Assert.Equal("Het projectplan moet een PDF-, DOCX- of ODT-bestand zijn. Dit bestand is dat niet (de inhoud telt, niet de naam).", text.FieldError("Plan"));
        Assert.Null(await StoredContactAsync(id));

        var docx = await TestData.SaveAsync(client, id, TestData.CompleteForm(), ("../../etc/Plan v2: final.txt", PlanDocuments.Docx(), "text/plain"));
        Assert.Equal(HttpStatusCode.Redirect, docx.Status);
        await using var connection = await App.Db.OpenAsync();
        var stored = await connection.QuerySingleAsync<PlanRow>("""
            SELECT p.id, p.application_id AS ApplicationId, p.file_name AS FileName, p.format, p.sha256
            FROM plan_files p JOIN applications a ON a.current_plan_id = p.id WHERE a.id = @id
            """, new { id });
        Assert.Equal("Plan v2_ final.docx", stored.FileName);
        Assert.Equal("Docx", stored.Format);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(PlanDocuments.Docx())), stored.Sha256);
    }

    [Fact]
    public async Task Plan_ReplaceableWhileDraft_PreviousVersionsKept_FrozenAfterSubmission()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SaveAsync(client, id, TestData.CompleteForm(), TestData.PdfPlan("Tweede versie.pdf"));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(["Tweede versie.pdf", "Projectplan.pdf"],
            await connection.QueryAsync<string>("SELECT file_name FROM plan_files WHERE application_id = @id ORDER BY id DESC", new { id }));

        await TestData.SubmitAsync(client, id);
        var token = await client.TokenAsync($"/aanvragen/{id}");
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(TestData.PdfPlan().Content), "plan", "Derde.pdf" } };
        var after = await client.Http.PostAsync($"/aanvragen/{id}/bewerken", content);

        Assert.Contains("Deze aanvraag is ingediend en kan niet meer worden gewijzigd.", await after.Content.ReadAsStringAsync());
        Assert.Equal("Tweede versie.pdf", await connection.QuerySingleAsync<string>(
            "SELECT p.file_name FROM applications a JOIN plan_files p ON p.id = a.current_plan_id WHERE a.id = @id", new { id }));
    }

    [Fact]
    public async Task Plan_LargerThanTheSetting_RefusedWithDutchMessage()
    {
        var (client, id) = await DraftAsync();
        var big = new byte[20 * 1024 * 1024 + 1];
        "%PDF-1.4"u8.CopyTo(big);

        var page = await TestData.SaveAsync(client, id, TestData.CompleteForm(), ("groot.pdf", big, "application/pdf"));

        Assert.Equal("Het projectplan is groter dan 20 MB. Verklein het bestand, bijvoorbeeld door afbeeldingen te comprimeren.", page.FieldError("Plan"));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM plan_files"));
    }

    [Fact]
    public async Task StagedPlanOfAnotherGemeente_CannotBeAttached()
    {
        var (other, otherId) = await Data.CompleteDraftAsync(TestData.Groningen);
        await using var connection = await App.Db.OpenAsync();
        var foreignPlan = await connection.QuerySingleAsync<int>("SELECT current_plan_id FROM applications WHERE id = @otherId", new { otherId });
        var (client, id) = await DraftAsync();
        var form = TestData.CompleteForm();
        form["PlanId"] = foreignPlan.ToString();

        await TestData.SaveAsync(client, id, form, null);

        Assert.Null(await connection.QuerySingleAsync<int?>("SELECT current_plan_id FROM applications WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task AbandonedUpload_PurgedAfterADay_AttachedPlansNeverPurged()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        var bad = TestData.CompleteForm();
        bad["Iban"] = "NL00";
        await TestData.SaveAsync(client, id, bad, TestData.PdfPlan("Verlaten.pdf"));
        var job = App.Service<IServiceScopeFactory>().CreateScope().ServiceProvider.GetRequiredService<GrantAdmin.Web.Features.Applications.PurgeStagedPlansJob>();

        Assert.Equal(0, await job.ExecuteAsync(CancellationToken.None));
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await job.ExecuteAsync(CancellationToken.None));

        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(["Projectplan.pdf"], await connection.QueryAsync<string>("SELECT file_name FROM plan_files"));
    }
}
