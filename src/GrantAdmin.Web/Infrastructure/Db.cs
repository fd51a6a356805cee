using System.Data;
using System.Data.Common;
using Dapper;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>Opens connections and write transactions on the configured engine.</summary>
public sealed class Db(string connectionString, SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;
    public string ConnectionString { get; } = connectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction that holds the database's write lock from its first
    /// statement (SQLite: BEGIN IMMEDIATE; SQL Server: the row locks the statements take), commits when it
    /// returns and rolls back when it throws.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = Dialect.BeginWriteTransaction(connection);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// As <see cref="WriteAsync{T}"/>, but rolls back when the outcome carries errors, so a refused
    /// request leaves nothing half-written (unless the refusal itself must be stored).
    /// </summary>
    public async Task<Outcome<T>> TryWriteAsync<T>(Func<DbConnection, DbTransaction, Task<Outcome<T>>> work,
        CancellationToken ct = default, bool commitOnFailure = false)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = Dialect.BeginWriteTransaction(connection);
        var outcome = await work(connection, transaction);
        if (outcome.Succeeded || commitOnFailure) await transaction.CommitAsync(ct);
        else await transaction.RollbackAsync(ct);
        return outcome;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }
}

/// <summary>Dapper calls with the transaction and cancellation token passed through, as every handler needs.</summary>
public static class TransactionExtensions
{
    public static Task<int> ExecuteAsync(this DbTransaction tx, string sql, object? parameters, CancellationToken ct) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this DbTransaction tx, string sql, object? parameters, CancellationToken ct) =>
        (await tx.Connection!.QueryAsync<T>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct))).AsList();

    public static Task<T?> QuerySingleOrDefaultAsync<T>(this DbTransaction tx, string sql, object? parameters, CancellationToken ct) =>
        tx.Connection!.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));

    public static Task<T> QuerySingleAsync<T>(this DbTransaction tx, string sql, object? parameters, CancellationToken ct) =>
        tx.Connection!.QuerySingleAsync<T>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));

    /// <summary>Inserts one row and returns its new identity, using the engine's own way of reading it back.</summary>
    public static Task<int> InsertAsync(this DbTransaction tx, SqlDialect dialect, string insertSql, object parameters, CancellationToken ct) =>
        tx.Connection!.ExecuteScalarAsync<int>(new CommandDefinition(insertSql + dialect.SelectInsertedIdSuffix, parameters, tx, cancellationToken: ct));
}
