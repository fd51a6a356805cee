using System.Net;
using System.Text.Json;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>The probes a load balancer asks: alive (the process), ready (database migrated, job storage answering).</summary>
public sealed class HealthTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task Live_AnswersHealthy_WithoutSigningIn()
    {
        using var client = App.Client();

        var response = await client.Http.GetAsync(Health.LivePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await StatusAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_AnswersHealthy_WhenMigratedAndJobStorageAnswers()
    {
        using var client = App.Client();

        var response = await client.Http.GetAsync(Health.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = (await StatusAsync(response)).GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("jobs").GetProperty("status").GetString());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Ready_Answers503_NamingTheScript_WhenTheJournalLacksAMigration()
    {
        Assert.SkipWhen(TestApp.OnSqlServer, "the journal is edited with SQLite syntax");
        await using var connection = await App.Db.OpenAsync();
        var last = await connection.QuerySingleAsync<(int Id, string ScriptName, DateTime Applied)>(
            "SELECT SchemaVersionID, ScriptName, Applied FROM SchemaVersions ORDER BY SchemaVersionID DESC LIMIT 1");
        await connection.ExecuteAsync("DELETE FROM SchemaVersions WHERE SchemaVersionID = @id", new { id = last.Id });
        try
        {
            using var client = App.Client();

            var response = await client.Http.GetAsync(Health.ReadyPath);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var database = (await StatusAsync(response)).GetProperty("checks").GetProperty("database");
            Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
            Assert.Contains(last.ScriptName, database.GetProperty("description").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(Health.LivePath)).StatusCode);
        }
        finally
        {
            await connection.ExecuteAsync("INSERT INTO SchemaVersions (SchemaVersionID, ScriptName, Applied) VALUES (@id, @name, @applied)",
                new { id = last.Id, name = last.ScriptName, applied = last.Applied });
        }
    }

    [Fact]
    public async Task DatabaseCheck_IsUnhealthy_WhenTheDatabaseCannotBeOpened()
    {
        var unreachable = new Db($"Data Source={Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}", "x.db")};Mode=ReadWrite", SqlDialect.Sqlite);

        var result = await new DatabaseMigratedCheck(unreachable).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("Database not reachable.", result.Description);
    }

    [Fact]
    public async Task DatabaseCheck_IsUnhealthy_WhenTheDatabaseRefusesReadTransactions()
    {
        var refusing = new Db(App.Db.ConnectionString, new SnapshotIsolationOffDialect());

        var result = await new DatabaseMigratedCheck(refusing).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(DatabaseMigratedCheck.SnapshotIsolationOff, result.Description);
    }

    /// <summary>This engine, as a SQL Server whose database has ALLOW_SNAPSHOT_ISOLATION OFF would answer the probe.</summary>
    private sealed class SnapshotIsolationOffDialect : ForwardingDialect
    {
        public override string ReadTransactionsUnavailableSql => "SELECT 1";
    }

    private static async Task<JsonElement> StatusAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
