using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Everything that differs between SQLite (embedded default, test engine) and SQL Server (production).
/// All other SQL is written once and runs on both: now is passed as a parameter, money is integer cents.
/// </summary>
public abstract class SqlDialect
{
    public abstract string Engine { get; }
    public abstract string MigrationsFolder { get; }
    /// <summary>Appended to an INSERT to read the new identity back in the same batch.</summary>
    public abstract string SelectInsertedIdSuffix { get; }
    public abstract DbConnection CreateConnection(string connectionString);
    public abstract DbTransaction BeginWriteTransaction(DbConnection connection);
    /// <summary>
    /// Several reads that must agree with each other (a ledger and its positions), without taking a writer's lock:
    /// a page read by thousands must never queue the submissions behind it.
    /// </summary>
    public abstract DbTransaction BeginReadTransaction(DbConnection connection);
    /// <summary>Paging clause for an ORDER BY query, with @skip and @take parameters.</summary>
    public abstract string PageClause { get; }
    /// <summary>
    /// Taken first by every write that can change a round's ranking, so those writes run one at a time per
    /// round across all web servers. SQL Server: an update lock held to the end of the transaction; SQLite:
    /// the write transaction already holds the database lock (BEGIN IMMEDIATE), so there is nothing to run (null).
    /// </summary>
    public abstract string? LockRoundSql { get; }
    /// <summary>
    /// Answers 1 when the database cannot give <see cref="BeginReadTransaction"/> what it needs, 0 when it can; null when
    /// the engine always can. Asked by the readiness probe, so a server never takes traffic it would fail.
    /// </summary>
    public abstract string? ReadTransactionsUnavailableSql { get; }

    /// <summary>True when <paramref name="e"/> says a unique index or key refused the row.</summary>
    public abstract bool IsUniqueViolation(DbException e);

    public static readonly SqlDialect Sqlite = new SqliteDialect("FULL");
    public static readonly SqlDialect SqlServer = new SqlServerDialect();

    /// <param name="sqliteSynchronous">
    /// Database:SqliteSynchronous. Full (the default): every commit waits until it is on disk. Normal, for Development
    /// only (<see cref="DevelopmentOnlySettings"/>): in WAL mode a commit survives a crash of the app but may be lost
    /// with the machine's power; it saves the fsync per commit (~4 ms measured here), which the demo's thousands of
    /// small writes at the first start add up to seconds.
    /// </param>
    public static SqlDialect For(string engine, string? sqliteSynchronous = null) => (engine.ToLowerInvariant(), sqliteSynchronous?.ToLowerInvariant()) switch
    {
        ("sqlite", null or "full") => Sqlite,
        ("sqlite", "normal") => new SqliteDialect("NORMAL"),
        ("sqlite", _) => throw new InvalidOperationException($"Unknown Database:SqliteSynchronous '{sqliteSynchronous}' (use Full or Normal)."),
        ("sqlserver", _) => SqlServer,
        _ => throw new InvalidOperationException($"Unknown Database:Engine '{engine}' (use Sqlite or SqlServer)."),
    };

    private sealed class SqliteDialect(string synchronous) : SqlDialect
    {
        public override string Engine => "Sqlite";
        public override string MigrationsFolder => "sqlite";
        public override string SelectInsertedIdSuffix => ";\nSELECT last_insert_rowid();";
        public override string PageClause => "LIMIT @take OFFSET @skip";
        public override string? LockRoundSql => null;
        // WAL mode gives every deferred transaction its own snapshot.
        public override string? ReadTransactionsUnavailableSql => null;
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY
        public override bool IsUniqueViolation(DbException e) => e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

        /// <summary>The page cache of one connection, in KiB (SQLite's default is 2,000).</summary>
        internal const int PageCacheKiB = 512;

        public override DbConnection CreateConnection(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            connection.StateChange += (_, e) =>
            {
                if (e.CurrentState != ConnectionState.Open) return;
                using var pragma = connection.CreateCommand();
                // synchronous is set every time: a pooled connection keeps what it was last set to. Each pooled connection
                // keeps its own page cache (2 MB by default), and the pool grows to the peak number of concurrent requests:
                // 65 connections held about 130 MB of copies of the same pages under 64 users (issue 16, peak memory). The
                // operating system caches the file once for all of them.
                pragma.CommandText = $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = {synchronous}; PRAGMA cache_size = -{PageCacheKiB};";
                pragma.ExecuteNonQuery();
            };
            return connection;
        }

        // BEGIN IMMEDIATE takes the database's write lock at once, so concurrent writers queue in the
        // database (across processes) instead of failing on lock upgrade halfway through.
        public override DbTransaction BeginWriteTransaction(DbConnection connection) =>
            ((SqliteConnection)connection).BeginTransaction(deferred: false);

        // Microsoft.Data.Sqlite's plain BeginTransaction is IMMEDIATE, i.e. the write lock. A deferred transaction reads
        // one WAL snapshot from its first SELECT on, and writers go on beside it.
        public override DbTransaction BeginReadTransaction(DbConnection connection) =>
            ((SqliteConnection)connection).BeginTransaction(deferred: true);
    }

    private sealed class SqlServerDialect : SqlDialect
    {
        public override string Engine => "SqlServer";
        public override string MigrationsFolder => "sqlserver";
        public override string SelectInsertedIdSuffix => ";\nSELECT CAST(SCOPE_IDENTITY() AS int);";
        public override string PageClause => "OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY";
        public override string LockRoundSql => "SELECT id FROM rounds WITH (UPDLOCK, HOLDLOCK) WHERE id = @roundId";
        public override string ReadTransactionsUnavailableSql => SnapshotIsolationOffSql;
        // A Snapshot transaction fails at its first read when the database does not allow it (error 3952).
        internal const string SnapshotIsolationOffSql =
            "SELECT CASE WHEN snapshot_isolation_state = 1 THEN 0 ELSE 1 END FROM sys.databases WHERE database_id = DB_ID()";
        public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);
        // 2627: a unique constraint or primary key; 2601: a unique index
        public override bool IsUniqueViolation(DbException e) => e is SqlException { Number: 2627 or 2601 };
        // Row locks taken by the first UPDATE of a write (e.g. the round's kenmerk counter) serialise writers.
        public override DbTransaction BeginWriteTransaction(DbConnection connection) =>
            connection.BeginTransaction(IsolationLevel.ReadCommitted);
        // Row versions, not shared locks: needs ALLOW_SNAPSHOT_ISOLATION ON (docs/operations.md, creating the database).
        public override DbTransaction BeginReadTransaction(DbConnection connection) =>
            connection.BeginTransaction(IsolationLevel.Snapshot);
    }
}
