using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// The production pipeline's step: `GrantAdmin.Web --migrate-only` migrates, loads reference data, exits. A second run
/// finds the same reference data loaded and skips it (issue 16: the load rewrote every gemeente at each start); each
/// phase of the start is in the log with its time.
/// </summary>
public sealed class MigrateOnlyTests
{
    [Fact]
    public async Task MigrateOnly_CreatesSchemaAndReferenceData_ThenExits_AndIsRepeatable_WithoutReloading()
    {
        var database = Path.Combine(Path.GetTempPath(), $"grantadmin-migrate-{Guid.NewGuid():N}.db");
        try
        {
            for (var run = 0; run < 2; run++)
            {
                var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "GrantAdmin.Web.dll"), "--migrate-only"])
                {
                    RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
                    Environment =
                    {
                        ["ASPNETCORE_ENVIRONMENT"] = "Production",
                        ["ConnectionStrings__GrantAdmin"] = $"Data Source={database}",
                        ["Database__Engine"] = "Sqlite",
                    },
                };
                using var process = Process.Start(start)!;
                var stderr = process.StandardError.ReadToEndAsync();
                var log = await process.StandardOutput.ReadToEndAsync();
                Assert.True(process.WaitForExit(60_000), "the migrate-only run did not exit");
                Assert.True(process.ExitCode == 0, await stderr);
                Assert.Contains("Start: migrations checked at ", log);
                Assert.Contains(run == 0 ? "Start: reference data loaded at " : "Start: reference data unchanged, not loaded at ", log);
            }

            await using var connection = new SqliteConnection($"Data Source={database}");
            var scripts = typeof(Program).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("GrantAdmin.Migrations.sqlite.", StringComparison.Ordinal));
            Assert.True(scripts >= 2);
            Assert.Equal(scripts, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM SchemaVersions"));
            Assert.Equal(342, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM municipality_lists WHERE list_year = 2023"));
            Assert.Equal(4, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM rounds"));
            Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM users"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
                if (File.Exists(file)) File.Delete(file);
        }
    }
}
