using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>Runs the DbUp scripts embedded from db/migrations/{engine}/ in number order.</summary>
public static class Migrations
{
    public static IEnumerable<string> ScriptNames(SqlDialect dialect) =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix(dialect), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static string ResourcePrefix(SqlDialect dialect) => $"GrantAdmin.Migrations.{dialect.MigrationsFolder}.";

    public static void Run(Db db, ILogger logger)
    {
        if (db.Dialect.Engine == SqlDialect.Sqlite.Engine)
        {
            PrepareSqliteFile(db.ConnectionString);
        }
        else
        {
            EnsureDatabase.For.SqlDatabase(db.ConnectionString);
        }

        var result = Upgrader(db).PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration failed at {result.ErrorScript?.Name}", result.Error);
        foreach (var script in result.Scripts)
            logger.LogInformation("Migrated {Script}", script.Name);
    }

    /// <summary>The embedded scripts that DbUp's journal (SchemaVersions) does not list yet; reads, changes nothing.</summary>
    public static IReadOnlyList<string> Pending(Db db) => Upgrader(db).GetScriptsToExecute().Select(s => s.Name).ToList();

    private static UpgradeEngine Upgrader(Db db)
    {
        var prefix = ResourcePrefix(db.Dialect);
        var builder = db.Dialect.Engine == SqlDialect.Sqlite.Engine
            ? DeployChanges.To.SqliteDatabase(db.ConnectionString)
            : DeployChanges.To.SqlDatabase(db.ConnectionString);
        return builder
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
    }

    // WAL lets readers go on while one writer holds the lock; it is a property of the file, set once.
    private static void PrepareSqliteFile(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }
}
