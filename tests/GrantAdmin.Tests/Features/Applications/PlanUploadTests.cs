using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using static GrantAdmin.Tests.Features.Applications.HostilePlans;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>Uploads through the real form: hostile files refused at the field, staged uploads bounded, letters the app prints accepted.</summary>
public sealed class PlanUploadTests(TestApp app) : AppTest(app)
{
    private async Task<(AppClient Client, int Id)> DraftAsync(string role = Roles.Invuller)
    {
        var client = await Data.SignedInAsync(role, TestData.Utrecht);
        return (client, await TestData.StartDraftAsync(client, await Data.RoundIdAsync("2023")));
    }

    private async Task<long> StagedBytesAsync()
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<long>("SELECT COALESCE(SUM(size_bytes), 0) FROM plan_files WHERE application_id IS NULL");
    }

    private static Dictionary<string, string> WithBadIban()
    {
        var form = TestData.CompleteForm();
        form["Iban"] = "NL00";
        return form;
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "javascript", PdfPlan.ActiveContent("JavaScript") },
        { "truncated", PdfPlan.Damaged },
        { "html", PdfPlan.Polyglot },
        { "macro", PackagePlan.Macros },
        { "bomb", PackagePlan.TooLarge(100L * 1024 * 1024) },
    };

    private static byte[] Sample(string kind) => kind switch
    {
        "javascript" => Pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "truncated" => TestData.PdfPlan().Content[..40],
        "html" => "%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"u8.ToArray(),
        "macro" => RawZip([.. DocxEntries(), Stored("word/vbaProject.bin", [0xD0, 0xCF, 0x11, 0xE0])]),
        "bomb" => RawZip([.. DocxEntries(), new RawEntry("word/media/image1.png", DeflatedZeros(10), Method: 8, DeclaredLength: uint.MaxValue - 1)]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task HostilePlan_RefusedAtTheFieldWithItsReason_NothingStored(string kind, string message)
    {
        var (client, id) = await DraftAsync();

        var page = await TestData.SaveAsync(client, id, TestData.CompleteForm(), ("projectplan.docx", Sample(kind), "application/octet-stream"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.FieldError("Plan"));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM plan_files"));
        Assert.Null(await connection.QuerySingleAsync<int?>("SELECT current_plan_id FROM applications WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task ThreeRefusedPostsWith15MbPlans_ThirdUploadRefusedForTheUsersQuota()
    {
        var (client, id) = await DraftAsync();
        var plan = ("Projectplan.pdf", PdfOfSize(15 * 1024 * 1024), "application/pdf");

        var first = await TestData.SaveAsync(client, id, WithBadIban(), plan);
        var second = await TestData.SaveAsync(client, id, WithBadIban(), plan);
        var third = await TestData.SaveAsync(client, id, WithBadIban(), plan);

        Assert.Null(first.FieldError("Plan"));
        Assert.Null(second.FieldError("Plan"));
        Assert.StartsWith("U hebt al 30,0 MB aan projectplannen geüpload die nog in geen opgeslagen concept staan; meer dan 40 MB bewaren we niet.", third.FieldError("Plan"));
        Assert.Equal(2L * plan.Item2.Length, await StagedBytesAsync());
    }

    [Fact]
    public async Task CorrectingTheFormWithANewUpload_ReplacesTheStagedOne()
    {
        var (client, id) = await DraftAsync();
        var first = await TestData.SaveAsync(client, id, WithBadIban(), TestData.PdfPlan("Eerste.pdf"));
        var staged = first.Value("PlanId");
        Assert.False(string.IsNullOrEmpty(staged));

        var form = WithBadIban();
        form["PlanId"] = staged!;
        await TestData.SaveAsync(client, id, form, TestData.PdfPlan("Tweede.pdf"));

        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(["Tweede.pdf"], await connection.QueryAsync<string>("SELECT file_name FROM plan_files"));
    }

    [Fact]
    public async Task AnotherUsersStagedPlan_IsNotReplacedByMyUpload()
    {
        var (colleague, colleagueDraft) = await DraftAsync();
        var staged = (await TestData.SaveAsync(colleague, colleagueDraft, WithBadIban(), TestData.PdfPlan("Collega.pdf"))).Value("PlanId");
        var me = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);

        var form = WithBadIban();
        form["PlanId"] = staged!;
        await TestData.SaveAsync(me, colleagueDraft, form, TestData.PdfPlan("Mijn.pdf"));

        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(["Collega.pdf", "Mijn.pdf"], await connection.QueryAsync<string>("SELECT file_name FROM plan_files ORDER BY id"));
    }

    [Fact]
    public async Task GemeenteWithManyStagedPlans_NextUploadRefusedForTheGemeentesQuota()
    {
        await using (var connection = await App.Db.OpenAsync())
        {
            // Staged uploads of colleagues, recorded as 96 MB together (the quota counts the recorded sizes).
            var colleague = await Data.UserAsync(Roles.Invuller, TestData.Utrecht);
            await connection.ExecuteAsync(PlanUpload.InsertSql, new
            {
                municipalityId = await connection.QuerySingleAsync<int>("SELECT id FROM municipalities WHERE cbs_code = @code", new { code = TestData.Utrecht }),
                fileName = "Collega.pdf", format = "Pdf", size = 96L * 1024 * 1024, sha256 = "00", content = new byte[] { 1 },
                now = App.Clock.GetUtcNow().UtcDateTime, userId = await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @colleague", new { colleague }),
            });
        }
        var (client, id) = await DraftAsync();

        var page = await TestData.SaveAsync(client, id, TestData.CompleteForm(), ("Projectplan.pdf", PdfOfSize(5 * 1024 * 1024), "application/pdf"));

        Assert.StartsWith("Uw gemeente heeft al 96,0 MB aan projectplannen geüpload die nog in geen opgeslagen concept staan; meer dan 100 MB bewaren we niet.", page.FieldError("Plan"));
        Assert.Equal(96L * 1024 * 1024, await StagedBytesAsync());
    }

    [Fact]
    public async Task ReceiptPrintedByChromium_PassesTheUploadCheck()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id);

        var receipt = await client.Http.GetByteArrayAsync($"/aanvragen/{id}/ontvangstbevestiging.pdf", TestContext.Current.CancellationToken);

        var check = PlanInspection.Inspect(receipt, PlanLimits.From(App.Service<Microsoft.Extensions.Options.IOptions<PlanSettings>>().Value));
        Assert.Equal(PlanFormat.Pdf, check.Format);
        Assert.Null(check.Refusal);
    }
}
