using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// Reads that must agree with each other run in a read transaction that takes no writer's lock: a public page read by
/// thousands (the published ledger, the programme overview) never queues the submissions behind it. On SQLite a plain
/// BeginTransaction is BEGIN IMMEDIATE, the write lock, so only the dialect may open a transaction.
/// </summary>
public sealed class ReadTransactionTests(TestApp app) : AppTest(app)
{
    private const string CountSql = "SELECT COUNT(*) FROM audit_log";

    [Fact]
    public async Task AWrite_GoesOn_WhileAReadTransactionIsOpen_AndTheReadKeepsItsOwnView()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = App.Db;

        var (before, after) = await db.ReadAsync(async tx =>
        {
            var first = await tx.Connection!.QuerySingleAsync<int>(new CommandDefinition(CountSql, transaction: tx, cancellationToken: ct));
            // With the write lock held by this read, the write would wait for it: a deadlock until the busy timeout.
            await db.WriteAsync(async w =>
            {
                await w.AuditAsync(App.Clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("Ingelogd", null), ct);
                return 0;
            }, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
            var second = await tx.Connection!.QuerySingleAsync<int>(new CommandDefinition(CountSql, transaction: tx, cancellationToken: ct));
            return (first, second);
        }, ct);

        Assert.Equal(before, after);
        await using var connection = await db.OpenAsync(ct);
        Assert.Equal(before + 1, await connection.QuerySingleAsync<int>(CountSql));
    }

    [Fact]
    public void OnlyTheDialect_OpensATransaction()
    {
        var root = Path.Combine(RepoPaths.Root, "src");
        var offenders = RepoPaths.SourceFiles("src")
            .Where(f => Path.GetFileName(f) != "SqlDialect.cs")
            .Where(f => File.ReadAllText(f).Contains(".BeginTransaction", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();

        Assert.Empty(offenders);
    }
}
