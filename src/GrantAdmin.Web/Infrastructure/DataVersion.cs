namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// The version of the data the programme pages and exports read, moved by the database itself: a trigger on each table
/// they read bumps that table's row of data_versions (migration 0022), whichever code or server wrote. The sum only grows,
/// so it names one state of that data; a missing row counts as 0 (the test reset keeps the table).
/// </summary>
public static class DataVersion
{
    internal const string ReadSql = "SELECT COALESCE(SUM(version), 0) FROM data_versions";

    // One statement is consistent by itself: no read transaction of its own (on SQL Server two more round trips on every
    // request of a page that is otherwise served from the cache).
    /// <summary>Read it before the data a cached value is made from, so the value is never older than its version.</summary>
    public static Task<long> ReadAsync(Db db, CancellationToken ct) => db.QuerySingleOrDefaultAsync<long>(ReadSql, null, ct);

    /// <summary>The version within a read that goes on to read the live data too (one connection, one snapshot).</summary>
    public static async Task<long> ReadAsync(System.Data.Common.DbTransaction tx, CancellationToken ct) => await tx.QuerySingleOrDefaultAsync<long>(ReadSql, null, ct);
}
