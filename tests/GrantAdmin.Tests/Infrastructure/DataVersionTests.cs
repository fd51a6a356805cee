using Dapper;
using GrantAdmin.Tests.Features.Programme;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// The data version (migration 0022) is moved by the database on every write to a table the programme pages read, by
/// whatever code writes; the pages built on it show a change at once.
/// </summary>
public sealed class DataVersionTests(TestApp app) : AppTest(app)
{
    private Task<long> VersionAsync() => DataVersion.ReadAsync(App.Db, TestContext.Current.CancellationToken);

    /// <summary>Every table a programme page or export reads, with a write to it (update or delete, as a writer might).</summary>
    public static readonly (string Table, string Sql)[] Writes =
    [
        ("municipalities", "UPDATE municipalities SET name = name WHERE cbs_code = 'GM0664'"),
        ("municipality_lists", "UPDATE municipality_lists SET list_year = list_year WHERE municipality_id = (SELECT id FROM municipalities WHERE cbs_code = 'GM0664')"),
        ("programme_cohorts", "UPDATE programme_cohorts SET name = name"),
        ("programme_participants", "UPDATE programme_participants SET name = name"),
        ("programme_ambassadors", "UPDATE programme_ambassadors SET since_on = since_on"),
        ("outreach_contacts", "UPDATE outreach_contacts SET outcome = outcome"),
        ("checklist_measurements", "UPDATE checklist_measurements SET measured_on = measured_on"),
        ("checklist_scores", "DELETE FROM checklist_scores"),
        ("ambassador_targets", "DELETE FROM ambassador_targets"),
        ("programme_participant_members", "DELETE FROM programme_participant_members"),
        ("rounds", "UPDATE rounds SET name = name WHERE code = '2023'"),
        ("ranking_ledger", "UPDATE ranking_ledger SET amount_cents = amount_cents"),
        ("applications", "UPDATE applications SET state = state"),
        ("applications", "UPDATE applications SET granted_cents = granted_cents"),
        ("applications", "UPDATE applications SET kenmerk = kenmerk"),
        ("applications", "UPDATE applications SET municipality_id = municipality_id"),
        ("applications", "UPDATE applications SET round_id = round_id"),
        ("applications", "UPDATE applications SET received_on = received_on"),
    ];

    [Fact]
    public async Task EachTableThePagesRead_MovesTheVersion_OnAWrite()
    {
        await ProgrammeRowsAsync();
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht); // an application and its ledger rows
        await using var connection = await App.Db.OpenAsync();
        foreach (var (table, sql) in Writes)
        {
            var before = await VersionAsync();
            Assert.True(await connection.ExecuteAsync(sql) > 0, $"no row written by: {sql}");
            Assert.True(await VersionAsync() > before, $"{table}: the version did not move on: {sql}");
        }
        // Every table of the list has its own row, so writers of different tables never wait on one row.
        Assert.Equal(Writes.Select(w => w.Table).Distinct().Order(), (await connection.QueryAsync<string>("SELECT name FROM data_versions")).Order());

        // A column the pages do not show leaves it (a draft's text is edited often).
        var unchanged = await VersionAsync();
        await connection.ExecuteAsync("UPDATE applications SET contact_name = contact_name WHERE id = @id", new { id });
        Assert.Equal(unchanged, await VersionAsync());
    }

    [Fact]
    public async Task TheTestReset_KeepsTheVersion_SoAnOldOneNeverComesBack()
    {
        await ProgrammeRowsAsync();
        var before = await VersionAsync();
        await App.ResetAsync();
        Assert.True(await VersionAsync() >= before);
    }

    [Fact]
    public async Task Overview_ShowsAWriteByAnyCode_AtOnce()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var participant = await AmbassadorAsync();
        const string Url = "/programma/overzicht?provincie=Utrecht";
        string Covered(AppClient.Page page) => page.Text("[data-testid=key-figures] dd[data-col=covered]");
        var first = await manager.GetAsync(Url);
        Assert.Equal("0", Covered(first));
        // The body comes from the cache; the layout around it is the request's own (a new anti-forgery token in the logout form).
        var second = await manager.GetAsync(Url);
        Assert.Equal(first.Html.QuerySelector("main")!.OuterHtml, second.Html.QuerySelector("main")!.OuterHtml);
        Assert.NotEqual(first.Html.DocumentElement.OuterHtml, second.Html.DocumentElement.OuterHtml);

        await TargetAsync(participant, TestData.Utrecht);
        Assert.Equal("1", Covered(await manager.GetAsync(Url)));

        // An application's state, changed through the app (submitted): counted as applied on the next read.
        Assert.Equal("0", (await manager.GetAsync(Url)).Text("[data-testid=key-figures] dd[data-col=applied]"));
        await Data.SubmittedApplicationAsync(TestData.Utrecht);
        Assert.Equal("1", (await manager.GetAsync(Url)).Text("[data-testid=key-figures] dd[data-col=applied]"));
    }

    [Fact]
    public async Task ExportFromTheCache_IsStillAuditedPerDownload_AndFollowsAWrite()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var programme = new ProgrammeTestData(App);
        await programme.ParticipantAsync("Goes", await programme.CohortAsync(), [TestData.Goes]);
        const string Url = "/programma/overzicht/export/deelnemers.csv";
        var first = await manager.Http.GetByteArrayAsync(Url, TestContext.Current.CancellationToken);
        Assert.Equal(first, await manager.Http.GetByteArrayAsync(Url, TestContext.Current.CancellationToken));
        Assert.Equal(2, await ProgrammeTestData.ScalarAsync<int>(App, "SELECT COUNT(*) FROM audit_log WHERE action = 'ProgrammaGeexporteerd'"));

        await programme.ParticipantAsync("Utrecht", null, [TestData.Utrecht]);
        var after = System.Text.Encoding.UTF8.GetString(await manager.Http.GetByteArrayAsync(Url, TestContext.Current.CancellationToken));
        Assert.Contains("Utrecht", after);
    }

    [Fact]
    public async Task RegionPage_ShowsAWrite_AtOnce_AndAnUnknownRegionStaysNotFound()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var participant = await AmbassadorAsync();
        var region = await ProgrammeTestData.ScalarAsync<string>(App, "SELECT safety_region_code FROM municipalities WHERE cbs_code = @code", new { code = TestData.Utrecht });
        Assert.DoesNotContain("Goes", (await manager.GetAsync($"/programma/regio/{region}")).Html.QuerySelector("main")!.TextContent);
        await TargetAsync(participant, TestData.Utrecht);
        Assert.Contains("Goes", (await manager.GetAsync($"/programma/regio/{region}")).Html.QuerySelector("main")!.TextContent);
        var kept = App.Service<VersionedCache>().Count;
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await manager.GetAsync("/programma/regio/XX99")).Status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await manager.GetAsync("/programma/regio/XX99")).Status);
        Assert.Equal(kept, App.Service<VersionedCache>().Count); // a made-up code is not kept
    }

    /// <summary>Goes, an ambassador without targets yet.</summary>
    private async Task<int> AmbassadorAsync()
    {
        var programme = new ProgrammeTestData(App);
        var participant = await programme.ParticipantAsync("Goes", await programme.CohortAsync(), [TestData.Goes]);
        await programme.AmbassadorAsync(participant);
        return participant;
    }

    /// <summary>A plain insert, as another server or a script would write it: nothing in the code tells the pages.</summary>
    private async Task TargetAsync(int participant, string code)
    {
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO ambassador_targets (participant_id, municipality_id, added_at_utc)
            SELECT @participant, id, @now FROM municipalities WHERE cbs_code = @code
            """, new { participant, code, now = App.Clock.GetUtcNow().UtcDateTime });
    }

    /// <summary>A row in each programme table: a cohort, a participant, its ambassadorship with a target, a contact and a checklist.</summary>
    private async Task ProgrammeRowsAsync()
    {
        var programme = new ProgrammeTestData(App);
        var participant = await programme.ParticipantAsync("Goes", await programme.CohortAsync(), [TestData.Goes]);
        await programme.AmbassadorAsync(participant, TestData.Utrecht);
        var user = await programme.UserIdAsync(Data);
        await programme.ContactAsync(participant, TestData.Utrecht, "2021-03-01", "Overleg", "Positief", user);
        await programme.ChecklistAsync(participant, "2021-03-01", 2, user);
    }
}
