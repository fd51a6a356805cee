using Dapper;
using GrantAdmin.Web.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GrantAdmin.Tests.Support;

/// <summary>The app's embedded SQLite migrations, run one by one as DbUp runs them (a transaction per script), to test one on data.</summary>
public static class MigrationScripts
{
    public static string Script(string name)
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    }

    public static async Task RunInTransactionAsync(SqliteConnection connection, string sql)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(sql, transaction: tx);
        await tx.CommitAsync();
    }

    /// <summary>
    /// A new in-memory database with every script before the one whose file name is <paramref name="fileName"/>; returns it
    /// and that script's resource name.
    /// </summary>
    public static async Task<(SqliteConnection Connection, string Script)> MigratedUpToAsync(string fileName)
    {
        var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=True");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var scripts = Migrations.ScriptNames(SqlDialect.Sqlite).ToList();
        var target = scripts.Single(s => s.EndsWith(fileName, StringComparison.Ordinal));
        foreach (var name in scripts.TakeWhile(s => s != target)) await RunInTransactionAsync(connection, Script(name));
        return (connection, target);
    }
}
