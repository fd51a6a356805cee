using System.Data;
using System.Data.Common;
using Dapper;
using GrantAdmin.Web.Infrastructure.Mail;
using GrantAdmin.Web.Infrastructure.Writes;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Opens connections and write transactions on the configured engine. Writes get a <see cref="Write"/> (audit rows,
/// outbox mail) or, for a change to a case, a <see cref="CaseWrite"/> that holds the round's lock; the outbox is kicked
/// once they have committed.
/// </summary>
public sealed class Db
{
    private readonly CaseCommitter committer;
    private readonly IOutboxKick? kick;

    public Db(string connectionString, SqlDialect dialect, IOutboxKick? kick = null)
    {
        ConnectionString = connectionString;
        Dialect = dialect;
        this.kick = kick;
        committer = new CaseCommitter(this);
    }

    public SqlDialect Dialect { get; }
    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction that holds the database's write lock from its first
    /// statement (SQLite: BEGIN IMMEDIATE; SQL Server: the row locks the statements take), commits when it
    /// returns and rolls back when it throws. Not for a change to a case: that is <see cref="TryCaseWriteAsync{T}"/>.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<Write, Task<T>> work, CancellationToken ct = default)
    {
        var write = await RunAsync(async w => (await work(w), true), ct);
        return write.Value;
    }

    /// <summary>
    /// As <see cref="WriteAsync{T}"/>, but rolls back when the outcome carries errors, so a refused
    /// request leaves nothing half-written (unless the refusal itself must be stored).
    /// </summary>
    public async Task<Outcome<T>> TryWriteAsync<T>(Func<Write, Task<Outcome<T>>> work, CancellationToken ct = default, bool commitOnFailure = false)
    {
        var (outcome, _) = await RunAsync(async w =>
        {
            var o = await work(w);
            return (o, o.Succeeded || commitOnFailure);
        }, ct);
        return outcome;
    }

    private async Task<(T Value, bool Kept)> RunAsync<T>(Func<Write, Task<(T, bool)>> work, CancellationToken ct)
    {
        IReadOnlyList<int> mail;
        (T, bool) result;
        await using (var connection = await OpenAsync(ct))
        await using (var transaction = Dialect.BeginWriteTransaction(connection))
        {
            var write = new Write(transaction, Dialect);
            result = await work(write);
            if (!result.Item2)
            {
                await transaction.RollbackAsync(ct);
                return result;
            }
            await transaction.CommitAsync(ct);
            mail = write.MailIds;
        }
        if (mail.Count > 0) kick?.Kick(mail);
        return result;
    }

    /// <summary>
    /// The one way to change a case: runs <paramref name="work"/> with the lock of the application's round taken first, in
    /// the database, and commits only when the outcome succeeded. Writes from this process are committed in groups
    /// (<see cref="CaseCommitter"/>); this returns after the commit that holds this one.
    /// </summary>
    public Task<Outcome<T>> TryCaseWriteAsync<T>(int applicationId, Func<CaseWrite, Task<Outcome<T>>> work, CancellationToken ct = default) =>
        CaseWriteAsync(RoundOfApplicationSql, applicationId, "Deze aanvraag bestaat niet.", work, ct);

    /// <summary>As <see cref="TryCaseWriteAsync{T}"/>, for a change to a round (its settings) or a new draft in it.</summary>
    public Task<Outcome<T>> TryRoundWriteAsync<T>(int roundId, Func<CaseWrite, Task<Outcome<T>>> work, CancellationToken ct = default) =>
        CaseWriteAsync(RoundExistsSql, roundId, "Deze ronde bestaat niet.", work, ct);

    /// <summary>Waits (at most ten seconds) while case writes of this process come in: background work yields to them.</summary>
    public Task CaseWritesIdleAsync(CancellationToken ct) => committer.IdleAsync(TimeSpan.FromSeconds(10), ct);

    internal const string RoundOfApplicationSql = "SELECT round_id FROM applications WHERE id = @id";
    internal const string RoundExistsSql = "SELECT id FROM rounds WHERE id = @id";

    private async Task<Outcome<T>> CaseWriteAsync<T>(string roundSql, int id, string missing, Func<CaseWrite, Task<Outcome<T>>> work, CancellationToken ct)
    {
        Outcome<T>? outcome = null;
        var mail = await committer.RunAsync(async tx =>
        {
            outcome = null;
            if (await tx.QuerySingleOrDefaultAsync<int?>(roundSql, new { id }, ct) is not { } roundId)
            {
                outcome = Outcome<T>.Fail(Features.Shared.FormLevel.Status, missing);
                return null;
            }
            if (Dialect.LockRoundSql is { } lockRound) await tx.QueryAsync<int>(lockRound, new { roundId }, ct);
            var write = new CaseWrite(tx, Dialect, roundId);
            outcome = await work(write);
            return outcome.Succeeded ? write : null;
        });
        if (mail is { Count: > 0 }) kick?.Kick(mail);
        return outcome!;
    }

    /// <summary>
    /// Runs <paramref name="read"/> over one consistent view of the database without a writer's lock
    /// (<see cref="SqlDialect.BeginReadTransaction"/>); nothing it writes is kept.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<DbTransaction, Task<T>> read, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = Dialect.BeginReadTransaction(connection);
        return await read(transaction);
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

    /// <inheritdoc cref="InsertAsync(DbTransaction, SqlDialect, string, object, CancellationToken)"/>
    public static Task<int> InsertAsync(this Write w, string insertSql, object parameters, CancellationToken ct) =>
        w.Tx.InsertAsync(w.Dialect, insertSql, parameters, ct);
}
