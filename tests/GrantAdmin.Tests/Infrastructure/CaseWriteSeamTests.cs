using System.Text.RegularExpressions;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Writes;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// The case-write seam holds by construction: no SQL outside it writes the ledger, the audit log, the case history, an
/// application's state or the outbox; a transition off the state machine's arrows cannot be recorded; and the group
/// commit keeps each part's fate its own.
/// </summary>
public sealed partial class CaseWriteSeamTests(TestApp app) : AppTest(app)
{
    private const string SeamNamespace = "GrantAdmin.Web.Infrastructure.Writes";

    // Writes that only the seam may do. The outbox's own delivery bookkeeping (claim, sent, failed) is the dispatcher's.
    [GeneratedRegex(@"\bINSERT\s+INTO\s+(ranking_ledger|ledger_anchors|audit_log|state_transitions|outbox_messages)\b"
        + @"|\b(UPDATE|DELETE\s+FROM)\s+(ranking_ledger|ledger_anchors|state_transitions)\b"
        + @"|\bUPDATE\s+applications\s+SET\b(?:(?!\bWHERE\b).)*?\bstate\s*="
        + @"|\bUPDATE\s+rounds\s+SET\b(?:(?!\bWHERE\b).)*?\b(ledger_head_hash|ledger_head_day|ranked_count)\s*=", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SeamOnlyWrite();

    [GeneratedRegex(@"\b(UPDATE|DELETE\s+FROM)\s+outbox_messages\b", RegexOptions.IgnoreCase)]
    private static partial Regex OutboxBookkeeping();

    public static TheoryData<string> QueryConstants() => new(TSqlTests.Queries.Keys.Order(StringComparer.Ordinal));

    [Theory, MemberData(nameof(QueryConstants))]
    public void SqlConstant_WritesSeamTablesOnlyInsideTheSeam(string name)
    {
        var sql = TSqlTests.Queries[name];
        var field = "GrantAdmin.Web." + name;
        var declaringType = typeof(Program).Assembly.GetTypes()
            .Single(t => field == t.FullName!.Replace('+', '.') + "." + field[(field.LastIndexOf('.') + 1)..]);

        if (declaringType.Namespace != SeamNamespace)
            Assert.False(SeamOnlyWrite().IsMatch(sql), $"{name} writes what only the case-write seam ({SeamNamespace}) may write:\n{sql}");
        if (OutboxBookkeeping().IsMatch(sql))
            Assert.Equal(typeof(GrantAdmin.Web.Infrastructure.Mail.OutboxDispatcher), declaringType);
    }

    [Fact]
    public void SourceFiles_OutsideTheSeam_HoldNoSeamOnlyWrite()
    {
        // Also SQL that is not a constant (an inline string): scan the app's source text.
        var root = Path.Combine(RepoPaths.Root, "src", "GrantAdmin.Web");
        var offenders = RepoPaths.SourceFiles("src", "GrantAdmin.Web")
            .Where(f => !f.Contains(Path.Combine("Infrastructure", "Writes"), StringComparison.Ordinal))
            .Where(f => SeamOnlyWrite().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("UPDATE applications SET state = @state, updated_at_utc = @now WHERE id = @applicationId AND state = @expected")]
    [InlineData("INSERT INTO audit_log (occurred_at_utc, action) VALUES (@now, 'x')")]
    [InlineData("insert into ranking_ledger (round_id) values (1)")]
    [InlineData("UPDATE rounds SET ledger_head_hash = @hash WHERE id = @roundId")]
    public void TheScan_RecognisesWhatTheSeamOwns(string sql) => Assert.Matches(SeamOnlyWrite(), sql);

    [Theory]
    [InlineData("UPDATE applications SET assigned_to_user_id = @a WHERE id = @id AND state = 'Ingediend'")]
    [InlineData("SELECT state FROM applications WHERE id = @id")]
    public void TheScan_LeavesOtherWritesAlone(string sql) => Assert.DoesNotMatch(SeamOnlyWrite(), sql);

    [Theory]
    [InlineData(ApplicationState.Ingediend, ApplicationState.Verleend)] // skips judgement and four eyes
    [InlineData(ApplicationState.Ingediend, ApplicationState.Concept)]
    [InlineData(ApplicationState.Volledig, ApplicationState.Ingediend)] // not the state it is in
    public async Task MoveAsync_OffTheStateMachine_Throws_AndNothingIsWritten(ApplicationState from, ApplicationState to)
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id);
        var before = await CountsAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => App.Db.TryCaseWriteAsync<int>(id, async w =>
        {
            await w.AuditAsync(App.Clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("Poging", null, id), CancellationToken.None);
            await w.MoveAsync(id, from, to, App.Clock.GetUtcNow().UtcDateTime, null, null, CancellationToken.None);
            return Outcome<int>.Ok(0);
        }));

        Assert.Equal(before, await CountsAsync());
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal("Ingediend", await connection.QuerySingleAsync<string>("SELECT state FROM applications WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task CaseWrite_OfAnApplicationThatDoesNotExist_IsRefusedInDutch()
    {
        var outcome = await App.Db.TryCaseWriteAsync<int>(987_654, _ => Task.FromResult(Outcome<int>.Ok(1)));

        Assert.Equal("Deze aanvraag bestaat niet.", Assert.Single(outcome.Errors).Value);
    }

    [Fact]
    public async Task GroupCommit_KeepsEachPartsFateItsOwn()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        var now = App.Clock.GetUtcNow().UtcDateTime;
        var gate = new TaskCompletionSource();

        // Sixty writes at once: every third refuses, one throws, the rest commit, in whatever groups the committer forms.
        var writes = Enumerable.Range(0, 60).Select(async i =>
        {
            await gate.Task;
            return await App.Db.TryCaseWriteAsync<int>(id, async w =>
            {
                await w.AuditAsync(now, new AuditLog.Entry($"GroepTest{i}", null, id), CancellationToken.None);
                if (i == 31) throw new InvalidOperationException("deel 31 faalt");
                return i % 3 == 0 ? Outcome<int>.Fail("x", "geweigerd") : Outcome<int>.Ok(i);
            });
        }).ToList();
        gate.SetResult();
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[31]);
        Assert.Equal("deel 31 faalt", failed.Message);
        // The throwing part may finish before later groups commit: wait for every other part before reading.
        await Task.WhenAll(writes.Where((_, i) => i != 31));

        await using var connection = await App.Db.OpenAsync();
        var stored = (await connection.QueryAsync<string>("SELECT action FROM audit_log WHERE action LIKE 'GroepTest%'")).ToHashSet();
        var expected = Enumerable.Range(0, 60).Where(i => i % 3 != 0 && i != 31).Select(i => $"GroepTest{i}").ToHashSet();
        Assert.Equal(expected, stored);
        foreach (var (write, i) in writes.Select((w, i) => (w, i)).Where(x => x.i != 31))
            Assert.Equal(i % 3 != 0, (await write).Succeeded);
    }

    private async Task<(int Audit, int Transitions, int Ledger, int Outbox)> CountsAsync()
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<(int, int, int, int)>("""
            SELECT (SELECT COUNT(*) FROM audit_log), (SELECT COUNT(*) FROM state_transitions), (SELECT COUNT(*) FROM ranking_ledger), (SELECT COUNT(*) FROM outbox_messages)
            """);
    }
}
