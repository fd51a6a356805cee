using System.Net;
using System.Text.Json;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Exports;
using NJsonSchema;

namespace GrantAdmin.Tests.Features.Programme.Overview;

/// <summary>The overview's downloads, read back as a user would: CSV, Excel, and 360Giving JSON checked against the published schema.</summary>
public sealed class OverviewExportTests(TestApp app) : AppTest(app)
{
    private const string Base = "/programma/overzicht";

    private static string FixtureFolder => Path.Combine(RepoPaths.Root, "tests", "GrantAdmin.Tests", "Features", "Programme", "Overview", "Fixtures", "360giving");

    public static async Task<int> AuditCountAsync(TestApp app, string action)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = @action", new { action });
    }

    private static List<Dictionary<string, string>> ParseCsv(byte[] content)
    {
        using var reader = CsvHelper.CsvReader.Create(content, null);
        var header = reader.Headers.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read()) rows.Add(header.ToDictionary(h => h, h => reader.GetString(h)));
        return rows;
    }

    private static IReadOnlyList<Dictionary<string, string>> ParseXlsx(byte[] content)
    {
        var xlsx = Xlsx.Read(content);
        Assert.True(xlsx.HeaderFrozen, "the header row stays in view");
        return xlsx.Records();
    }

    private async Task<(HttpResponseMessage Response, byte[] Content)> DownloadAsync(AppClient client, string url)
    {
        var response = await client.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Participants_ContactsAndCoverage_ReadBackAsCsvAndExcel_EachDownloadAudited()
    {
        await OverviewScenario.ArrangeAsync(App, Data);
        using var client = await Data.SignedInAsync(Roles.Programmamanager);

        var (csvResponse, csv) = await DownloadAsync(client, Base + "/export/deelnemers.csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        // A Dutch Excel opens it by double-click: the BOM says UTF-8, the separator is the list separator of nl-NL.
        Assert.StartsWith("\uFEFFdeelnemer;soort;lichting;", System.Text.Encoding.UTF8.GetString(csv));
        // The seeded koplopers (koplopers.csv) are in the export too; the scenario's own cohorts are asserted here.
        var participants = ParseCsv(csv).Where(p => p["lichting"] is OverviewScenario.Cohort or OverviewScenario.DemoCohort).ToList();
        Assert.Contains(ParseCsv(csv), p => p["deelnemer"] == "Westerveld");
        Assert.Equal(["Oosterschelderegio", "Utrecht"], participants.Select(p => p["deelnemer"]));
        var oosterschelde = participants[0];
        Assert.Equal(("Regio", OverviewScenario.Cohort, "nee", "Goes; Kapelle", "GM0664; GM0678", "ja", "3"),
            (oosterschelde["soort"], oosterschelde["lichting"], oosterschelde["demo"], oosterschelde["gemeenten"], oosterschelde["CBS-codes"],
                oosterschelde["ambassadeur"], oosterschelde["doelgemeenten"]));
        Assert.Equal(("Gemeente", OverviewScenario.DemoCohort, "ja", "nee"),
            (participants[1]["soort"], participants[1]["lichting"], participants[1]["demo"], participants[1]["ambassadeur"]));

        var (xlsxResponse, xlsx) = await DownloadAsync(client, Base + "/export/contacten.xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxResponse.Content.Headers.ContentType?.MediaType);
        var contact = Assert.Single(ParseXlsx(xlsx));
        Assert.Equal(("2022-11-03", "Oosterschelderegio", "Vlissingen", "GM0718", "Overleg", "Wil aanvragen"),
            (contact["datum"], contact["ambassadeur"], contact["gemeente"], contact["CBS-code"], contact["vorm"], contact["uitkomst"]));

        var zeeland = ParseCsv((await DownloadAsync(client, Base + "/export/dekking.csv?provincie=Zeeland")).Content);
        Assert.Equal(13, zeeland.Count);
        Assert.All(zeeland, r => Assert.Equal("Zeeland", r["provincie"]));
        Assert.Equal("Oosterschelderegio", zeeland.Single(r => r["gemeente"] == "Vlissingen")["ambassadeurs"]);

        var country = ParseXlsx((await DownloadAsync(client, Base + "/export/dekking.xlsx")).Content);
        Assert.Equal(342, country.Count);
        var utrecht = country.Single(r => r["CBS-code"] == TestData.Utrecht);
        Assert.Equal(("ja", "ja", "ja", "50000.00"), (utrecht["koploper"], utrecht["aangevraagd"], utrecht["verleend"], utrecht["verleend bedrag"]));
        Assert.Equal($"{OverviewScenario.DemoCohort} (demo)", utrecht["lichtingen"]);

        Assert.Equal(4, await AuditCountAsync(App, "ProgrammaGeexporteerd"));
    }

    [Fact]
    public async Task ContactTextBeyondExcelsCellLimit_IsCutWithAMarkerInExcel_AndWholeInCsv()
    {
        await OverviewScenario.ArrangeAsync(App, Data);
        // Stored text of any length (older rows, other paths) must not break the download for everyone.
        var outcome = "Wil aanvragen. " + new string('x', 40_000) + "\u0001 einde";
        await using (var connection = await App.Db.OpenAsync())
            await connection.ExecuteAsync("UPDATE outreach_contacts SET outcome = @outcome", new { outcome });
        using var client = await Data.SignedInAsync(Roles.Programmamanager);

        var cell = Assert.Single(ParseXlsx((await DownloadAsync(client, Base + "/export/contacten.xlsx")).Content))["uitkomst"];
        var csv = Assert.Single(ParseCsv((await DownloadAsync(client, Base + "/export/contacten.csv")).Content))["uitkomst"];

        Assert.Equal(ExportTable.MaxCellLength, cell.Length);
        Assert.StartsWith("Wil aanvragen. xxx", cell);
        Assert.EndsWith(ExportTable.TruncatedMarker, cell);
        Assert.Equal(outcome, csv);
    }

    [Fact]
    public async Task UnknownDatasetOrFormat_IsNotFound()
    {
        using var client = await Data.SignedInAsync(Roles.Behandelaar);

        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(Base + "/export/gebruikers.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(Base + "/export/dekking.pdf")).StatusCode);
        Assert.Equal(0, await AuditCountAsync(App, "ProgrammaGeexporteerd"));
    }

    [Fact]
    public async Task GrantedUitkeringen_AsOpenData_AreValidAgainstThe360GivingPackageSchema()
    {
        var scenario = await OverviewScenario.ArrangeAsync(App, Data);
        string kenmerk;
        await using (var connection = await App.Db.OpenAsync())
            kenmerk = await connection.QuerySingleAsync<string>("SELECT kenmerk FROM applications WHERE id = @id", new { id = scenario.UtrechtApplicationId });
        using var client = await Data.SignedInAsync(Roles.Accordeerder);

        var (response, content) = await DownloadAsync(client, Base + "/open-data/360giving.json");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = System.Text.Encoding.UTF8.GetString(content);
        var errors = (await PackageSchemaAsync()).Validate(json);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Path}: {e.Kind}")));

        using var document = JsonDocument.Parse(content);
        var grant = Assert.Single(document.RootElement.GetProperty("grants").EnumerateArray()); // Groningen is not granted
        Assert.Equal("360G-VWS-" + kenmerk, grant.GetProperty("id").GetString());
        Assert.Equal("EUR", grant.GetProperty("currency").GetString());
        Assert.Equal(50000m, grant.GetProperty("amountAwarded").GetDecimal());
        Assert.Equal("2023-02-01", grant.GetProperty("awardDate").GetString());
        var recipient = Assert.Single(grant.GetProperty("recipientOrganization").EnumerateArray());
        Assert.Equal(("NL-CBS-GM0344", "Gemeente Utrecht"), (recipient.GetProperty("id").GetString(), recipient.GetProperty("name").GetString()));
        var funder = Assert.Single(grant.GetProperty("fundingOrganization").EnumerateArray());
        Assert.Equal("Ministerie van Volksgezondheid, Welzijn en Sport", funder.GetProperty("name").GetString());
        Assert.Contains("Utrecht", grant.GetProperty("title").GetString());
        Assert.Equal(1, await AuditCountAsync(App, "OpenDataGeexporteerd"));
    }

    [Fact]
    public async Task PackageSchema_RefusesAGrantWithoutItsRequiredFields()
    {
        var schema = await PackageSchemaAsync();

        var errors = schema.Validate("""{ "grants": [ { "id": "360G-VWS-x", "title": "t", "currency": "EUR" } ] }""");

        Assert.NotEmpty(errors); // description, amountAwarded, awardDate are missing: the fixture really checks
    }

    /// <summary>The published package schema, its reference to the grant schema pointed at the local copy (offline).</summary>
    private static async Task<JsonSchema> PackageSchemaAsync()
    {
        var packagePath = Path.Combine(FixtureFolder, "360-giving-package-schema.json");
        var text = (await File.ReadAllTextAsync(packagePath))
            .Replace("https://raw.githubusercontent.com/ThreeSixtyGiving/standard/master/schema/360-giving-schema.json", "360-giving-schema.json", StringComparison.Ordinal);
        return await JsonSchema.FromJsonAsync(text, packagePath);
    }
}
