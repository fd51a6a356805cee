using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.ReferenceData;
using Microsoft.Extensions.DependencyInjection;

namespace GrantAdmin.Tests.Features.Cases;

/// <summary>
/// The queue filtered on a province (and a state) over more rows than one page: every page in ranking order (queue_order),
/// nothing skipped or repeated across the keyset links, drafts never listed. The pages are read from the queue indexes of
/// migrations 0023 and 0024 (a state or province filter leaves drafts out by state, the rest by kenmerk), so this checks that
/// they give exactly what the table gives. The province is the application's own copy of its gemeente's (migration 0024), kept in step by the
/// database whichever code writes: on insert, on another gemeente, when a gemeente moves to another province, and when the
/// reference data is loaded again; a province written by hand does not stay.
/// </summary>
public sealed class QueueFilterTests(TestApp app) : AppTest(app)
{
    private sealed record Row(string Province, string State, string? Kenmerk, int QueueOrder);

    [Fact]
    public async Task FilteredQueue_PagesForwardBackAndDeep_InRankingOrder_OverManyRows()
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

            foreach (var (query, province, state) in new (string, string?, string?)[]
            {
                ("&provincie=Zeeland&status=Ingediend", "Zeeland", "Ingediend"), ("&provincie=Zeeland", "Zeeland", null), ("&status=Ingediend", null, "Ingediend"), ("", null, null),
            })
            {
                var matching = rows.Where(r => r.Kenmerk is not null && (province is null || r.Province == province) && (state is null || r.State == state))
                    .OrderBy(r => r.QueueOrder).ToList();
                var expected = matching.Select(r => r.Kenmerk!).ToList();
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

                // And: a deep page, opened at once after any row, starts right after it.
                var after = matching[Queue.PageSize + 7].QueueOrder;
                Assert.Equal(expected.Skip(Queue.PageSize + 8).Take(Queue.PageSize), Kenmerken(await reviewer.GetAsync($"/behandeling?ronde=2023{query}&na={after}")));
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
    [InlineData(true, false, false, "ix_applications_queue_state (round_id=? AND state=? AND queue_order>? AND queue_order<?)")]
    [InlineData(true, false, true, "ix_applications_queue_state (round_id=? AND state=? AND queue_order>? AND queue_order<?)")]
    [InlineData(false, false, false, "ix_applications_queue (round_id=? AND queue_order>? AND queue_order<?)")]
    [InlineData(false, false, true, "ix_applications_queue (round_id=? AND queue_order>? AND queue_order<?)")]
    [InlineData(false, true, false, "ix_applications_queue_province (round_id=? AND province=? AND queue_order>? AND queue_order<?)")]
    [InlineData(false, true, true, "ix_applications_queue_province (round_id=? AND province=? AND queue_order>? AND queue_order<?)")]
    [InlineData(true, true, false, "ix_applications_queue_province_state (round_id=? AND province=? AND state=? AND queue_order>? AND queue_order<?)")]
    [InlineData(true, true, true, "ix_applications_queue_province_state (round_id=? AND province=? AND state=? AND queue_order>? AND queue_order<?)")]
    public async Task QueuePage_IsOneRangeOfTheFittingIndex(bool byState, bool byProvince, bool backwards, string expected)
    {
        // SQLite's planner rates the queue indexes alike when several apply; the query's text decides which one can
        // (docs/performance.md): a state filter walked every state of the round in queue order when it took the other, and a
        // province checked through the gemeente walked every entry of the round or state.
        Assert.SkipWhen(TestApp.OnSqlServer, "EXPLAIN QUERY PLAN is SQLite's");
        await using var connection = await App.Db.OpenAsync();
        var sql = Queue.Handler.LinesQuery(App.Db.Dialect, byState, byProvince, wholeKenmerk: false, backwards);
        var plan = (await connection.QueryAsync("EXPLAIN QUERY PLAN " + sql, new
        {
            roundId = 1, after = (int?)null, before = (int?)5000, state = byState ? "Ingediend" : null, province = byProvince ? "Zeeland" : null,
            assignedTo = (int?)null, overdueOn = (DateOnly?)null, pattern = (string?)null, kenmerk = (string?)null, skip = 0, take = Queue.PageSize + 1,
        })).Select(row => (string)row.detail).ToList();
        Assert.Contains("SEARCH a USING INDEX " + expected, plan);
        // The index gives the queue order: no sort of the range before the page is cut.
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private const string ProvinceSql = "SELECT province FROM applications WHERE id = @id";
    private const string MoveToSql = "UPDATE applications SET municipality_id = (SELECT id FROM municipalities WHERE cbs_code = @code) WHERE id = @id";

    [Fact]
    public async Task ApplicationProvince_IsItsGemeentes_OnInsert_OnAnotherGemeente_AndAfterAHandWrittenOne()
    {
        // Given: an application started and submitted through the app (its own insert).
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal("Utrecht", await connection.QuerySingleAsync<string>(ProvinceSql, new { id }));

        // When: it is moved to another gemeente, then given a province by hand.
        await connection.ExecuteAsync(MoveToSql, new { code = TestData.Goes, id });
        var moved = await connection.QuerySingleAsync<string>(ProvinceSql, new { id });
        await connection.ExecuteAsync("UPDATE applications SET province = 'Nergens' WHERE id = @id", new { id });

        // Then: it carries Goes's province both times.
        Assert.Equal("Zeeland", moved);
        Assert.Equal("Zeeland", await connection.QuerySingleAsync<string>(ProvinceSql, new { id }));
    }

    [Fact]
    public async Task ApplicationProvince_FollowsAGemeenteToAnotherProvince_AndBackOnAReferenceDataLoad()
    {
        // Given: Goes (Zeeland) with a received application in two rounds, inserted in one statement (SQL Server's trigger
        // runs once for all its rows).
        await using var connection = await App.Db.OpenAsync();
        var userId = await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email = await Data.UserAsync(Roles.Tekenbevoegde, TestData.Goes) });
        var now = App.Clock.GetUtcNow().UtcDateTime;
        await connection.ExecuteAsync("""
            INSERT INTO applications (round_id, municipality_id, state, kenmerk, kenmerk_number, requested_cents, created_at_utc, created_by_user_id, updated_at_utc, queue_order)
            SELECT r.id, m.id, 'Ingediend', CASE r.code WHEN '2022' THEN 'SUVCO-2022-000001' ELSE 'SUVCO-2023-000001' END, 1, 1000000, @now, @userId, @now, 1
            FROM rounds r JOIN municipalities m ON m.cbs_code = @code
            WHERE r.code IN ('2022', '2023')
            """, new { code = TestData.Goes, now, userId });
        const string ProvincesOfGoesSql = """
            SELECT a.province FROM applications a JOIN municipalities m ON m.id = a.municipality_id WHERE m.cbs_code = @code ORDER BY a.round_id
            """;
        Assert.Equal(["Zeeland", "Zeeland"], await connection.QueryAsync<string>(ProvincesOfGoesSql, new { code = TestData.Goes }));
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        try
        {
            // When: Goes moves to Noord-Brabant (as a reference data change would say).
            await connection.ExecuteAsync("UPDATE municipalities SET province = 'Noord-Brabant' WHERE cbs_code = @code", new { code = TestData.Goes });

            // Then: both its applications follow, and the queue lists it under its new province only.
            Assert.Equal(["Noord-Brabant", "Noord-Brabant"], await connection.QueryAsync<string>(ProvincesOfGoesSql, new { code = TestData.Goes }));
            Assert.Equal(["SUVCO-2023-000001"], Kenmerken(await reviewer.GetAsync("/behandeling?ronde=2023&provincie=Noord-Brabant")));
            Assert.Equal(["SUVCO-2023-000001"], Kenmerken(await reviewer.GetAsync("/behandeling?ronde=2023&provincie=Noord-Brabant&status=Ingediend")));
            Assert.Empty(Kenmerken(await reviewer.GetAsync("/behandeling?ronde=2023&provincie=Zeeland")));

            // When: the reference data is loaded again (it says Zeeland).
            await LoadReferenceDataAsync();

            // Then: back in Zeeland, in the queue too.
            Assert.Equal(["Zeeland", "Zeeland"], await connection.QueryAsync<string>(ProvincesOfGoesSql, new { code = TestData.Goes }));
            Assert.Equal(["SUVCO-2023-000001"], Kenmerken(await reviewer.GetAsync("/behandeling?ronde=2023&provincie=Zeeland&status=Ingediend")));
        }
        finally
        {
            // The gemeente tables survive the reset between tests.
            await LoadReferenceDataAsync();
        }
    }

    [Fact]
    public async Task QueueFilters_ShowAChangedRoundAndProvince_AtTheNextRequest()
    {
        // Given: the reviewer has opened the queue (its rounds and provinces are kept per data version).
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var before = await reviewer.GetAsync("/behandeling?ronde=2023");
        Assert.DoesNotContain("Testprovincie", Options(before, "f-provincie"));
        var roundName = Options(before, "f-ronde").Single(name => name.Contains("2023", StringComparison.Ordinal) && !name.Contains("najaar", StringComparison.Ordinal));
        await using var connection = await App.Db.OpenAsync();
        try
        {
            // When: a gemeente of the round's list moves to another province and the round is renamed, by SQL (no code of the app).
            await connection.ExecuteAsync("UPDATE municipalities SET province = 'Testprovincie' WHERE cbs_code = @code", new { code = TestData.Goes });
            await connection.ExecuteAsync("UPDATE rounds SET name = @name WHERE code = '2023'", new { name = roundName + " (hernoemd)" });

            // Then: the next request's filters show both.
            var after = await reviewer.GetAsync("/behandeling?ronde=2023");
            Assert.Contains("Testprovincie", Options(after, "f-provincie"));
            Assert.Contains(roundName + " (hernoemd)", Options(after, "f-ronde"));
        }
        finally
        {
            await connection.ExecuteAsync("UPDATE rounds SET name = @name WHERE code = '2023'", new { name = roundName });
            await LoadReferenceDataAsync();
        }
    }

    private static string[] Options(AppClient.Page page, string selectId) =>
        page.Html.QuerySelectorAll($"select#{selectId} option").Select(o => o.TextContent.Trim()).ToArray();

    private async Task LoadReferenceDataAsync()
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync(TestContext.Current.CancellationToken);
    }

    private static string[] Kenmerken(AppClient.Page page) =>
        page.Html.QuerySelectorAll("[data-testid=queue] tbody tr").Select(r => r.Children[1].TextContent.Trim()).ToArray();
}
