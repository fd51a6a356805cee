using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>A draft and a staged upload are the gemeente's until the application is received: the grants office gets 404.</summary>
public sealed class DraftPrivacyTests(TestApp app) : AppTest(app)
{
    [Theory]
    [InlineData(Roles.Behandelaar)]
    [InlineData(Roles.Accordeerder)]
    public async Task Draft_NotFoundForTheOffice_OnEveryApplicationRoute(string role)
    {
        var (gemeente, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        var planId = await Data.CurrentPlanIdAsync(id);
        using var office = await Data.SignedInAsync(role);

        foreach (var url in new[]
        {
            $"/aanvragen/{id}", $"/aanvragen/{id}/projectplan/{planId}", $"/aanvragen/{id}/ontvangstbevestiging",
            $"/aanvragen/{id}/ontvangstbevestiging.pdf", $"/aanvragen/{id}/brieven/Ontvangstbevestiging", $"/behandeling/{id}",
        })
            Assert.True((await office.GetAsync(url)).Status == HttpStatusCode.NotFound, url);
        Assert.Equal(HttpStatusCode.OK, (await gemeente.GetAsync($"/aanvragen/{id}/projectplan/{planId}")).Status);
    }

    [Fact]
    public async Task Draft_NotListedInTheOfficesQueueOrSearch()
    {
        await Data.CompleteDraftAsync(TestData.Utrecht);
        using var office = await Data.SignedInAsync(Roles.Behandelaar);

        var queue = await office.GetAsync("/behandeling?ronde=2023&zoek=Utrecht");

        Assert.Equal(HttpStatusCode.OK, queue.Status);
        Assert.DoesNotContain("Utrecht", queue.Html.QuerySelector("main table")?.TextContent ?? "");
    }

    [Fact]
    public async Task ReceivedApplication_ShownToTheOffice()
    {
        var (id, planId) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var office = await Data.SignedInAsync(Roles.Behandelaar);

        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/aanvragen/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/aanvragen/{id}/projectplan/{planId}")).Status);
    }

    [Fact]
    public async Task PlanVersionADraftReplaced_StaysTheGemeentesAfterSubmission()
    {
        var (gemeente, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        var replaced = await Data.CurrentPlanIdAsync(id);
        await TestData.SaveAsync(gemeente, id, TestData.CompleteForm(), TestData.PdfPlan("Definitief.pdf"));
        var submittedPlan = await Data.CurrentPlanIdAsync(id);
        await TestData.SubmitAsync(gemeente, id);
        using var office = await Data.SignedInAsync(Roles.Behandelaar);

        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"/aanvragen/{id}/projectplan/{replaced}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/aanvragen/{id}/projectplan/{submittedPlan}")).Status);
        foreach (var page in new[] { $"/aanvragen/{id}", $"/behandeling/{id}" })
        {
            var html = (await office.GetAsync(page)).Html.DocumentElement.OuterHtml;
            Assert.Contains($"/projectplan/{submittedPlan}", html);
            Assert.DoesNotContain($"/projectplan/{replaced}\"", html);
        }
        Assert.Contains($"/projectplan/{replaced}\"", (await gemeente.GetAsync($"/aanvragen/{id}")).Html.DocumentElement.OuterHtml);
        Assert.Equal(HttpStatusCode.OK, (await gemeente.GetAsync($"/aanvragen/{id}/projectplan/{replaced}")).Status);
    }

    [Fact]
    public async Task StagedUpload_NotReachableByTheOfficeThroughAReceivedApplication()
    {
        var (received, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        var gemeente = await Data.SignedInAsync(Roles.Invuller, TestData.Utrecht);
        int staged;
        await using (var connection = await App.Db.OpenAsync())
            // An upload of the gemeente's that no save took (say, for its supplement, sent back with an error).
            staged = await connection.QuerySingleAsync<int>(GrantAdmin.Web.Features.Applications.PlanUpload.InsertSql + App.Db.Dialect.SelectInsertedIdSuffix, new
            {
                municipalityId = await connection.QuerySingleAsync<int>("SELECT municipality_id FROM applications WHERE id = @received", new { received }),
                fileName = "Nog niet ingediend.pdf", format = "Pdf", size = 10L, sha256 = "00", content = TestData.PdfPlan().Content,
                now = App.Clock.GetUtcNow().UtcDateTime, userId = await connection.QuerySingleAsync<int>("SELECT MIN(id) FROM users"),
            });
        using var office = await Data.SignedInAsync(Roles.Behandelaar);

        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"/aanvragen/{received}/projectplan/{staged}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await gemeente.GetAsync($"/aanvragen/{received}/projectplan/{staged}")).Status);
    }

    [Fact]
    public async Task AuditExport_LeavesOutDraftsUntilTheyAreReceived()
    {
        await Data.SubmittedApplicationAsync(TestData.Utrecht);
        var (_, draft) = await Data.CompleteDraftAsync(TestData.Groningen);
        using var office = await Data.SignedInAsync(Roles.Behandelaar);

        var response = await office.PostAsync("/auditlog/2023/export", [], tokenFrom: "/auditlog");

        using var reader = CsvHelper.CsvReader.Create(await response.Response.Content.ReadAsByteArrayAsync(), null);
        var gemeenten = new List<string>();
        while (reader.Read()) gemeenten.Add(reader.GetString("gemeente"));
        Assert.Contains("Utrecht", gemeenten);
        Assert.DoesNotContain("Groningen", gemeenten);
        await using var connection = await App.Db.OpenAsync();
        Assert.True(await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE application_id = @draft", new { draft }) > 0);
    }
}
