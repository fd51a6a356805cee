using System.Data.Common;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using GrantAdmin.Tests.Infrastructure;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Audit;

namespace GrantAdmin.Tests.Features.Audit;

/// <summary>
/// The audit log: append-only, the actor's role and the values before and after, every kind of event in it (state
/// changes, e-mail sent, failed logins), an application's full history on its case page, and a round's export read back.
/// </summary>
public sealed partial class AuditLogTests(TestApp app) : AppTest(app)
{
    [GeneratedRegex(@"\b(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|DELETE\s+audit_log|TRUNCATE\s+TABLE\s+audit_log|DROP\s+TABLE\s+audit_log)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ChangesAuditLog();

    [Fact]
    public void NoSqlConstant_ChangesOrDeletesAuditRows()
    {
        Assert.Contains("Infrastructure.Writes.Write.InsertAuditSql", TSqlTests.Queries.Keys); // the scan sees the audit SQL itself
        Assert.Empty(TSqlTests.Queries.Where(q => ChangesAuditLog().IsMatch(q.Value)).Select(q => q.Key));
    }

    [Fact]
    public void Migrations_RefuseUpdates_AndOnSqlServerDenyUpdateAndDelete()
    {
        var sqlServer = File.ReadAllText(Path.Combine(RepoPaths.Root, "db", "migrations", "sqlserver", "0005_objections_audit.sql"));
        Assert.Contains("DENY UPDATE, DELETE ON audit_log TO grantadmin_audit_append_only", sqlServer);
        Assert.Contains("CREATE TRIGGER audit_log_append_only ON audit_log AFTER UPDATE", sqlServer);
        Assert.Contains("CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log",
            File.ReadAllText(Path.Combine(RepoPaths.Root, "db", "migrations", "sqlite", "0005_objections_audit.sql")));
    }

    [Fact]
    public async Task UpdatingAnAuditRow_IsRefusedByTheDatabase()
    {
        var email = await Data.UserAsync(Roles.Behandelaar);
        using var client = App.Client();
        await client.LoginAsync(email);
        await using var connection = await App.Db.OpenAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE audit_log SET details = 'vervalst'"));
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE details = 'vervalst'"));
    }

    [Fact]
    public async Task Login_IsAuditedWithTheRole_AndAFailedLoginBelowTheThrottleStoresNothing()
    {
        var email = await Data.UserAsync(Roles.Accordeerder);
        using var client = App.Client();
        await client.LoginAsync(email);
        await client.AttemptLoginAsync("niemand@test.example", "fout");

        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(Roles.Accordeerder, await connection.QuerySingleAsync<string>(
            "SELECT a.actor_role FROM audit_log a JOIN users u ON u.id = a.user_id WHERE u.email = @email AND a.action = 'Ingelogd'", new { email }));
        // Failures are counted in memory; only the one that trips the throttle is audited (LoginThrottleTests).
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log"));
    }

    private sealed record Row(string Action, string? ActorRole, string? BeforeValue, string? AfterValue, string? Details);

    [Fact]
    public async Task StateChanges_HaveTheirStateBeforeAndAfter_AndSentMailIsAudited()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        await App.OutboxIdleAsync();

        await using var connection = await App.Db.OpenAsync();
        var rows = (await connection.QueryAsync<Row>(
            "SELECT action, actor_role AS ActorRole, before_value AS BeforeValue, after_value AS AfterValue, details FROM audit_log WHERE application_id = @id ORDER BY id",
            new { id })).AsList();
        var submitted = Assert.Single(rows, r => r.Action == "StatusGewijzigd" && r.AfterValue == "Ingediend");
        Assert.Equal(("Concept", Roles.Tekenbevoegde), (submitted.BeforeValue, submitted.ActorRole));
        var mail = Assert.Single(rows, r => r.Action == "EmailVerzonden");
        Assert.Null(mail.ActorRole);
        Assert.Contains("Ontvangstbevestiging", mail.Details);
    }

    [Fact]
    public async Task CasePage_ShowsTheFullHistory_TimelineAndAuditInOrder()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");

        var page = await reviewer.GetAsync($"/behandeling/{id}");

        var what = page.Html.QuerySelectorAll("[data-testid=timeline] tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains("Aanvraag ingediend", what);
        Assert.Contains("Aanvraag opgepakt", what);
        Assert.True(what.IndexOf("Aanvraag ingediend") < what.IndexOf("Aanvraag opgepakt"));
        var changed = page.Html.QuerySelectorAll("[data-testid=timeline] tbody tr").Single(tr => tr.TextContent.Contains("Status gewijzigd van Ingediend naar In behandeling"));
        Assert.Contains("(Behandelaar)", changed.TextContent);
    }

    private static List<Dictionary<string, string>> ParseCsv(byte[] content)
    {
        using var reader = CsvHelper.CsvReader.Create(content, null);
        Assert.Equal(ExportAuditLog.Header, reader.Headers.ToArray());
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
            rows.Add(ExportAuditLog.Header.ToDictionary(h => h, h => reader.GetString(h)));
        return rows;
    }

    [Fact]
    public async Task RoundExport_HoldsTheRoundsRowsInOrder_IsReadBack_AndIsItselfAudited()
    {
        var id = await Data.GrantedApplicationAsync(TestData.Utrecht);
        await App.OutboxIdleAsync();
        using (var admin = await Data.SignedInAsync(Roles.Beheerder))
            await admin.PostAsync("/beheer/rondes/2022/betaalpercentage", [new("PaymentPercentage", "80")], tokenFrom: "/beheer/rondes");
        using var office = await Data.SignedInAsync(Roles.Behandelaar);

        var response = await office.PostAsync("/auditlog/2023/export", [], tokenFrom: "/auditlog");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/csv", response.Response.Content.Headers.ContentType?.MediaType);
        var content = await response.Response.Content.ReadAsByteArrayAsync();
        // For people: a Dutch Excel opens it by double-click (BOM for UTF-8, ';' as nl-NL's list separator).
        Assert.StartsWith("\uFEFFnummer;moment (UTC);", System.Text.Encoding.UTF8.GetString(content));
        var rows = ParseCsv(content);
        var kenmerk = rows.First(r => r["actie"] == "AanvraagIngediend")["kenmerk"];
        Assert.StartsWith("SUVCO-2023-", kenmerk);
        Assert.All(rows, r => Assert.Equal(kenmerk, r["kenmerk"]));
        Assert.All(rows, r => Assert.Equal("Utrecht", r["gemeente"]));
        Assert.Equal(rows.Select(r => long.Parse(r["nummer"], System.Globalization.CultureInfo.InvariantCulture)).Order(), rows.Select(r => long.Parse(r["nummer"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(rows, r => r["actie"] == "StatusGewijzigd" && r["voor"] == "BesluitTerAccordering" && r["na"] == "Verleend" && r["rol"] == Roles.Accordeerder);
        Assert.Contains(rows, r => r["actie"] == "BesluitGeaccordeerd");
        Assert.Contains(rows, r => r["actie"] == "EmailVerzonden");
        Assert.DoesNotContain(rows, r => r["actie"] == "BetaalpercentageGewijzigd"); // round 2022's setting
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$", rows[0]["moment (UTC)"]);

        var again = ParseCsv(await (await office.PostAsync("/auditlog/2023/export", [], tokenFrom: "/auditlog")).Response.Content.ReadAsByteArrayAsync());
        var export = Assert.Single(again, r => r["actie"] == "AuditlogGeexporteerd");
        Assert.Equal(Roles.Behandelaar, export["rol"]);
        Assert.Contains($"{rows.Count} regels, sha256 ", export["toelichting"]);
    }

    [Fact]
    public async Task RoundExport_OfAnUnknownRound_IsRefused()
    {
        using var office = await Data.SignedInAsync(Roles.Accordeerder);

        var refused = await office.PostAsync("/auditlog/1999/export", [], tokenFrom: "/auditlog");

        Assert.Equal(["Deze ronde bestaat niet."], refused.ErrorSummary);
    }
}
