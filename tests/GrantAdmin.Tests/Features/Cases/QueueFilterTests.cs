using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;

namespace GrantAdmin.Tests.Features.Cases;

/// <summary>
/// The queue filtered on a province (and a state) over more rows than one page: every page in ranking order (queue_order),
/// nothing skipped or repeated across the keyset links, drafts never listed. The pages are read from the queue indexes of
/// migration 0023 (the state filter leaves drafts out by state, the rest by kenmerk), so this checks that they give exactly
/// what the table gives.
/// </summary>
public sealed class QueueFilterTests(TestApp app) : AppTest(app)
{
    private sealed record Row(string Province, string State, string? Kenmerk, int QueueOrder);

    [Fact]
    public async Task FilteredQueue_PagesForwardAndBack_InRankingOrder_OverManyRows()
    {
        // Given: 300 gemeenten of their own (the reference lists hold at most 56 per province), two in three in Zeeland, each
        // with an application in round 2023 in a mixed state and a ranking order unlike the insertion order; every seventh a
        // draft (no kenmerk, queue_order 0, as a draft has).
        var roundId = await Data.RoundIdAsync("2023");
        var user = await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        string[] states = ["Ingediend", "InBehandeling", "Ingediend", "Volledig"];
        var rows = Enumerable.Range(0, 300).Select(i => new Row(i % 3 == 2 ? "Utrecht" : "Zeeland", i % 7 == 0 ? "Concept" : states[i % 4],
            i % 7 == 0 ? null : $"SUVCO-2023-{i + 1:D6}", i % 7 == 0 ? 0 : i * 37 % 300 + 1)).ToList();
        await using var connection = await App.Db.OpenAsync();
        var municipalityIds = new List<int>();
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var municipalityId = await connection.ExecuteScalarAsync<int>(
                    "INSERT INTO municipalities (cbs_code, name, province) VALUES (@code, @name, @province)" + App.Db.Dialect.SelectInsertedIdSuffix,
                    new { code = $"QF{i:D4}", name = $"Filtergemeente {i}", province = rows[i].Province });
                municipalityIds.Add(municipalityId);
                await connection.ExecuteAsync("""
                    INSERT INTO applications (round_id, municipality_id, state, kenmerk, kenmerk_number, requested_cents, created_at_utc, created_by_user_id,
                        updated_at_utc, ranking_position, position_provisional, queue_order)
                    SELECT @roundId, @municipalityId, @state, @kenmerk, @number, 1000000, @now, u.id, @now, NULL, 0, @queueOrder
                    FROM users u WHERE u.email = @user
                    """, new { roundId, municipalityId, state = rows[i].State, kenmerk = rows[i].Kenmerk, number = rows[i].Kenmerk is null ? (int?)null : i + 1,
                        now = App.Clock.GetUtcNow().UtcDateTime, queueOrder = rows[i].QueueOrder, user });
            }
            var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

            foreach (var (query, province, state) in new[] { ("&provincie=Zeeland&status=Ingediend", "Zeeland", "Ingediend"), ("&provincie=Zeeland", "Zeeland", null) })
            {
                var expected = rows.Where(r => r.Kenmerk is not null && r.Province == province && (state is null || r.State == state))
                    .OrderBy(r => r.QueueOrder).Select(r => r.Kenmerk!).ToList();
                Assert.True(expected.Count > Queue.PageSize, "the filter must span more than one page");

                // When: the reviewer follows "Volgende pagina" to the end, then "Vorige pagina" back to the start.
                var forward = new List<string[]>();
                var page = await reviewer.GetAsync("/behandeling?ronde=2023" + query);
                while (true)
                {
                    forward.Add(Kenmerken(page));
                    if (page.Html.QuerySelector("a:contains('Volgende pagina')")?.GetAttribute("href") is not { } next) break;
                    page = await reviewer.GetAsync(next);
                }
                var backward = new List<string[]> { Kenmerken(page) };
                while (page.Html.QuerySelector("a:contains('Vorige pagina')")?.GetAttribute("href") is { } previous)
                {
                    page = await reviewer.GetAsync(previous);
                    backward.Insert(0, Kenmerken(page));
                }

                // Then: the pages together are the filtered rows in ranking order, each page full but the last, and the way back
                // shows the same pages.
                Assert.Equal(expected, forward.SelectMany(p => p));
                Assert.All(forward.SkipLast(1), p => Assert.Equal(Queue.PageSize, p.Length));
                Assert.Equal(forward, backward);
            }
        }
        finally
        {
            // The gemeente tables survive the reset between tests: the applications go before their gemeenten.
            await connection.ExecuteAsync("DELETE FROM applications WHERE round_id = @roundId AND municipality_id IN @municipalityIds", new { roundId, municipalityIds });
            await connection.ExecuteAsync("DELETE FROM municipalities WHERE id IN @municipalityIds", new { municipalityIds });
        }
    }

    [Theory]
    [InlineData(true, false, "ix_applications_queue_state (round_id=? AND state=? AND queue_order>? AND queue_order<?)")]
    [InlineData(true, true, "ix_applications_queue_state (round_id=? AND state=? AND queue_order>? AND queue_order<?)")]
    [InlineData(false, false, "ix_applications_queue (round_id=? AND queue_order>? AND queue_order<?)")]
    [InlineData(false, true, "ix_applications_queue (round_id=? AND queue_order>? AND queue_order<?)")]
    public async Task QueuePage_IsOneRangeOfTheFittingIndex(bool byState, bool backwards, string expected)
    {
        // SQLite's planner rates the two queue indexes alike when both apply; the query's text decides which one can
        // (docs/performance.md): a state filter walked every state of the round in queue order when it took the other.
        Assert.SkipWhen(TestApp.OnSqlServer, "EXPLAIN QUERY PLAN is SQLite's");
        await using var connection = await App.Db.OpenAsync();
        var sql = Queue.Handler.LinesQuery(App.Db.Dialect, byState, wholeKenmerk: false, backwards);
        var plan = (await connection.QueryAsync("EXPLAIN QUERY PLAN " + sql, new
        {
            roundId = 1, after = (int?)null, before = (int?)5000, state = byState ? "Ingediend" : null, province = "Zeeland", assignedTo = (int?)null,
            overdueOn = (DateOnly?)null, pattern = (string?)null, kenmerk = (string?)null, skip = 0, take = Queue.PageSize + 1,
        })).Select(row => (string)row.detail).ToList();
        Assert.Contains("SEARCH a USING INDEX " + expected, plan);
    }

    private static string[] Kenmerken(AppClient.Page page) =>
        page.Html.QuerySelectorAll("[data-testid=queue] tbody tr").Select(r => r.Children[1].TextContent.Trim()).ToArray();
}
