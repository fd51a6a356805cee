using GrantAdmin.Web.Infrastructure.Writes;
using System.Diagnostics;
using Dapper;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Programme.Ambassadors;
using GrantAdmin.Web.Features.Programme.Participants;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.ReferenceData;
using GrantAdmin.Web.Features.Users;
using GrantAdmin.Web.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrantAdmin.Benchmarks;

/// <summary>
/// Writes a load-test database: migrated and loaded with reference data the way the app does it, plus COUNT submitted
/// applications in two parts, each round with its own hash-chained ledger, positioned by the real
/// <see cref="RankingStore.RecomputeAsync"/>:
/// <list type="number">
/// <item>A realistic history over the real gemeenten of the 2023 list (342; a round takes one application per gemeente):
/// 'load', the newest, which the gemeente, case and dispatch pages read, and up to <see cref="HistoryRounds"/> - 1
/// earlier rounds 'load-001' … a week apart before it. The load-test gemeente's applications carry a stored plan, so
/// their receipt pages answer.</item>
/// <item>One big round 'queue' with the rest, from synthetic gemeenten (cbs codes 'LT…') that are on no municipality
/// list and in no safety region: only the reviewer queue sees them, so the pages that list gemeenten or rounds measure
/// a real-sized history.</item>
/// </list>
/// Also the load-test accounts (a reviewer, the tekenbevoegde of the first gemeente, a programme manager) and the
/// Koploper programme filled out with the app's own demo participants and ambassadors.
/// </summary>
public static class GenerateApplications
{
    public const string RoundCode = "load";
    public const string QueueRoundCode = "queue";
    /// <summary>A yearly grant has about ten rounds in its life.</summary>
    public const int HistoryRounds = 10;
    public const string ReviewerEmail = "behandelaar@belastingtest.local";
    public const string SignatoryEmail = "tekenbevoegde@belastingtest.local";
    public const string ProgrammeManagerEmail = "programmamanager@belastingtest.local";
    public const string ReviewerPassword = "Belastingtest-wachtwoord-2025";

    internal const string RealMunicipalityIdsSql = """
        SELECT m.id FROM municipalities m JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = 2023
        ORDER BY m.cbs_code
        """;

    internal const string RealMunicipalitiesSql = """
        SELECT m.name, m.province, m.population
        FROM municipalities m JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = 2023
        ORDER BY m.cbs_code
        """;

    internal const string SyntheticMunicipalityIdsSql = "SELECT id FROM municipalities WHERE cbs_code LIKE 'LT%' ORDER BY cbs_code";
    internal const string UserIdSql = "SELECT id FROM users WHERE email = @email";
    internal const string RoundIdSql = "SELECT id FROM rounds WHERE code = @code";

    internal const string InsertApplicationSql = """
        INSERT INTO applications (round_id, municipality_id, state, kenmerk, kenmerk_number, contact_name, contact_email, contact_phone,
            activity_project_leader, project_start, project_end, requested_cents, budget_project_leader_cents, iban, account_holder,
            statement_truthful, statement_purpose, statement_no_double_funding, statement_accountability,
            created_at_utc, created_by_user_id, updated_at_utc, received_at_utc, received_on, submitted_by_user_id,
            latest_receipt_utc, ranking_moment_utc, granted_cents, assigned_to_user_id, decision_due_on, withdrawn_at_utc, withdrawal_reason)
        VALUES (@roundId, @municipalityId, @state, @kenmerk, @number, @contactName, 'wmo@belastingtest.local', '088 123 45 67',
            1, '2025-03-01', '2026-06-30', @requested, @requested, 'NL91ABNA0417164300', @accountHolder,
            1, 1, 1, 1,
            @createdAt, @userId, @updatedAt, @received, @receivedOn, @userId,
            @latestReceipt, @rankingMoment, @granted, @assignedTo, @decisionDueOn, @withdrawnAt, @withdrawalReason)
        """;

    internal const string IdsSql = "SELECT kenmerk_number AS Number, id FROM applications WHERE round_id = @roundId";

    internal const string OwnApplicationsSql = """
        SELECT a.id, a.municipality_id, a.received_at_utc FROM applications a JOIN users u ON u.municipality_id = a.municipality_id
        WHERE u.email = @email AND a.kenmerk IS NOT NULL
        """;

    internal const string CloseRoundSql = """
        UPDATE rounds SET last_kenmerk_number = @count, last_receipt_utc = @lastReceipt, ledger_head_hash = @hash WHERE id = @roundId
        """;

    private static readonly ApplicationState[] OpenStates =
    [
        ApplicationState.Ingediend, ApplicationState.InBehandeling, ApplicationState.Volledig,
        ApplicationState.BesluitInVoorbereiding, ApplicationState.BesluitTerAccordering,
    ];

    /// <summary>
    /// One generated round: index 0 is 'load' (the newest), the history lies a week apart before it, and the queue round
    /// a week before the oldest of the history, so no page takes it for the current round.
    /// </summary>
    private sealed record LoadRound(int Index, int Count, bool IsQueue = false)
    {
        public string Code => IsQueue ? QueueRoundCode : Index == 0 ? RoundCode : $"{RoundCode}-{Index:D3}";
        public string KenmerkPrefix => IsQueue ? "SUVCO-QUEUE" : Index == 0 ? "SUVCO-LOAD" : $"SUVCO-L{Index:D3}";
        public DateOnly OpensOn => SyntheticRound.OpensOn.AddDays(-7 * Index);
        public DateOnly ClosesOn => SyntheticRound.ClosesOn.AddDays(-7 * Index);
        // The synthetic ceiling scaled to the round, so every round reaches it (NoRoom and a partial remainder occur).
        public long CeilingCents => SyntheticRound.CeilingCents / 100_000 * Count;
    }

    public static async Task RunAsync(string path, int count, CancellationToken ct)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        var total = Stopwatch.StartNew();
        TypeHandlers.Register();
        var db = new Db($"Data Source={path}", SqlDialect.Sqlite);
        Migrations.Run(db, NullLogger.Instance);
        await new ReferenceDataLoader(db, TimeProvider.System).LoadAsync(ct);

        var roundIds = await db.WriteAsync(async w =>
        {
            var tx = w.Tx;
            var municipalityIds = (await tx.QueryAsync<int>(RealMunicipalityIdsSql, null, ct)).ToList();
            var historyCount = Math.Min(count, HistoryRounds * municipalityIds.Count);
            var rounds = Enumerable.Range(0, (historyCount + municipalityIds.Count - 1) / municipalityIds.Count)
                .Select(i => new LoadRound(i, Math.Min(municipalityIds.Count, historyCount - i * municipalityIds.Count))).ToList();
            var queue = count > historyCount ? new LoadRound(rounds.Count, count - historyCount, IsQueue: true) : null;

            // The queue round's gemeenten: copies of the real ones (name with a number, province) for the queue's province
            // filter, but on no municipality list and in no safety region, so no programme page or region counts them.
            var real = (await tx.QueryAsync<(string Name, string Province, long? Population)>(RealMunicipalitiesSql, null, ct)).ToList();
            await Execute(tx, ReferenceDataLoader.InsertMunicipalitySql, Enumerable.Range(0, queue?.Count ?? 0).Select(i => (i, m: real[i % real.Count])).Select(x => new
            {
                code = $"LT{x.i + 1:D6}", name = $"{x.m.Name} {x.i / real.Count + 1}", province = x.m.Province, regionCode = (string?)null,
                regionName = (string?)null, population = x.m.Population,
            }), ct);
            var syntheticIds = (await tx.QueryAsync<int>(SyntheticMunicipalityIdsSql, null, ct)).ToList();
            if (queue is not null) rounds.Add(queue);
            var now = SyntheticRound.ClosesOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(60);

            await Execute(tx, ManageUsers.InsertSql, new[]
            {
                new { email = ReviewerEmail, displayName = "Behandelaar belastingtest", role = Roles.Behandelaar, municipalityId = (int?)null },
                new { email = SignatoryEmail, displayName = "Tekenbevoegde belastingtest", role = Roles.Tekenbevoegde, municipalityId = (int?)municipalityIds[0] },
                new { email = ProgrammeManagerEmail, displayName = "Programmamanager belastingtest", role = Roles.Programmamanager, municipalityId = (int?)null },
            }.Select(u => new { u.email, u.displayName, hash = LoginHandler.Hasher.HashPassword(u.email, ReviewerPassword), u.role, u.municipalityId, stamp = Guid.NewGuid().ToString("N"), now }), ct);
            var reviewerId = await tx.QuerySingleAsync<int>(UserIdSql, new { email = ReviewerEmail }, ct);
            var signatoryId = await tx.QuerySingleAsync<int>(UserIdSql, new { email = SignatoryEmail }, ct);
            await ReferenceDataLoader.EnsureChecklistsAsync(tx, ct);

            var step = Stopwatch.StartNew();
            var ledgerRows = 0;
            var ids = new List<int>();
            foreach (var round in rounds)
            {
                await tx.ExecuteAsync(ReferenceDataLoader.InsertRoundSql, new
                {
                    code = round.Code, name = $"Belastingtest {round.Code} ({round.Count:N0} aanvragen)", kenmerkPrefix = round.KenmerkPrefix,
                    opensOn = round.OpensOn, closesOn = round.ClosesOn, ceilingCents = round.CeilingCents, maxCents = 5_000_000L, oneGrant = true,
                    remainderPolicy = nameof(RemainderPolicy.PartialRemainder), tiePolicy = nameof(TiePolicy.ExactMoment), listYear = 2023,
                    activitiesFrom = new DateOnly(2025, 1, 1), activitiesUntil = new DateOnly(2026, 12, 31), decisionTermWeeks = 8, completionTermDays = 14,
                    ruleVersion = "Belastingtest",
                }, ct);
                var roundId = await tx.QuerySingleAsync<int>(RoundIdSql, new { code = round.Code }, ct);
                ids.Add(roundId);
                var applications = SyntheticRound.Applications(round.Count, round.OpensOn, round.ClosesOn, seed: 2025 + round.Index);
                await Execute(tx, InsertApplicationSql, applications.Select(a =>
                {
                    var receivedOn = DateOnly.FromDateTime(Amsterdam.ToLocal(a.ReceivedUtc));
                    return new
                    {
                        // Each gemeente once per round; the history rounds start at different real gemeenten, and the load-test
                        // gemeente (the first) makes the first application of round 'load'; the queue round has its own.
                        roundId, state = a.State.ToString(),
                        municipalityId = round.IsQueue ? syntheticIds[a.Number - 1] : municipalityIds[(a.Number - 1 + 37 * round.Index) % municipalityIds.Count],
                        kenmerk = ApplicationRules.Kenmerk(round.KenmerkPrefix, a.Number), number = a.Number,
                        contactName = $"Beleidsadviseur {a.Number}", requested = a.RequestedCents, accountHolder = $"Gemeente {a.Number}",
                        createdAt = a.ReceivedUtc.AddDays(-1), userId = signatoryId, updatedAt = a.ReceivedUtc, received = a.ReceivedUtc, receivedOn,
                        latestReceipt = a.LatestReceiptUtc, rankingMoment = a.RankingMomentUtc, granted = a.GrantedCents,
                        // One in twenty open cases is the load-test reviewer's own ("mijn" filter).
                        assignedTo = a.State != ApplicationState.Ingediend && OpenStates.Contains(a.State) && a.Number % 20 == 0 ? reviewerId : (int?)null,
                        decisionDueOn = OpenStates.Contains(a.State) ? receivedOn.AddDays(7 * 8) : (DateOnly?)null,
                        withdrawnAt = a.State == ApplicationState.Ingetrokken ? a.ReceivedUtc.AddDays(2) : (DateTime?)null,
                        withdrawalReason = a.State == ApplicationState.Ingetrokken ? "Belastingtest: ingetrokken" : null,
                    };
                }), ct);

                var idOf = (await tx.QueryAsync<(int Number, int Id)>(IdsSql, new { roundId }, ct)).ToDictionary(x => x.Number, x => x.Id);
                var ledger = SyntheticRound.LedgerOf(applications, roundId, n => idOf[n]);
                // A bulk import of a synthetic history, written as the app's ledger writer writes each row.
                await Execute(tx, CaseWrite.InsertLedgerEntrySql, ledger.Select(x => new
                {
                    roundId, x.Entry.ApplicationId, x.Entry.KenmerkNumber, Event = x.Entry.Event.ToString(), x.Entry.MomentUtc, NowUtc = x.RecordedUtc,
                    x.Entry.AmountCents, UserId = x.Entry.Event == LedgerEvent.Ontvangen ? signatoryId : reviewerId, previousHash = x.Entry.PreviousHash, hash = x.Entry.Hash,
                }), ct);
                await tx.ExecuteAsync(CloseRoundSql, new { count = round.Count, lastReceipt = applications[^1].ReceivedUtc, hash = ledger[^1].Entry.Hash, roundId }, ct);
                ledgerRows += ledger.Count;
            }
            Console.WriteLine($"{historyCount:N0} applications in {rounds.Count - (queue is null ? 0 : 1)} rounds over {municipalityIds.Count} gemeenten, "
                + $"{queue?.Count ?? 0:N0} in round '{QueueRoundCode}' over as many synthetic gemeenten, {ledgerRows:N0} ledger entries, inserted in {step.ElapsedMilliseconds:N0} ms");
            await StorePlansAsync(w, signatoryId, ct);

            // The load-test gemeente's draft in round 2023, so ops/bench-pages can load its check-answers page.
            await tx.ExecuteAsync(InsertApplicationSql, new
            {
                roundId = await tx.QuerySingleAsync<int>(RoundIdSql, new { code = "2023" }, ct), municipalityId = municipalityIds[0],
                state = nameof(ApplicationState.Concept), kenmerk = (string?)null, number = (int?)null, contactName = "Beleidsadviseur concept",
                requested = 4_000_000L, accountHolder = "Gemeente concept", createdAt = now, userId = signatoryId, updatedAt = now,
                received = (DateTime?)null, receivedOn = (DateOnly?)null, latestReceipt = (DateTime?)null, rankingMoment = (DateTime?)null,
                granted = (long?)null, assignedTo = (int?)null, decisionDueOn = (DateOnly?)null, withdrawnAt = (DateTime?)null, withdrawalReason = (string?)null,
            }, ct);
            return ids;
        }, ct);

        var recompute = Stopwatch.StartNew();
        var allocations = new Dictionary<Allocation, int>();
        foreach (var roundId in roundIds)
        {
            var result = (await db.TryRoundWriteAsync(roundId, async w => Outcome<RankingResult>.Ok(await w.RecomputeRankingAsync(ct)), ct)).Value!;
            foreach (var p in result.Positions) allocations[p.Allocation] = allocations.GetValueOrDefault(p.Allocation) + 1;
        }
        Console.WriteLine($"CaseWrite.RecomputeRankingAsync (read, engine, store every position) of {roundIds.Count} rounds in {recompute.ElapsedMilliseconds:N0} ms; ranked "
            + string.Join(", ", allocations.OrderBy(a => a.Key).Select(a => $"{a.Key} {a.Value:N0}")));

        // The Koploper programme as the demo fills it (113 gemeenten, ambassadors with targets and contacts), through the app's own seeders.
        var programme = Stopwatch.StartNew();
        var clock = TimeProvider.System;
        await new DemoParticipants(db, clock).SeedAsync(ct);
        await new AmbassadorDemoData(db, new ManageAmbassador.Handler(db, clock), new OutreachLog.Handler(db, clock), clock).SeedAsync(ct);
        Console.WriteLine($"Koploper programme (demo participants and ambassadors) in {programme.ElapsedMilliseconds:N0} ms");
        Console.WriteLine($"Wrote {Path.GetFullPath(path)} in {total.Elapsed.TotalSeconds:N1} s; reviewer {ReviewerEmail}");
    }

    /// <summary>
    /// The load-test gemeente's submitted applications get the plan their receipt names, stored as the app stores one:
    /// uploaded (staged), taken by the draft, and marked received at the submission.
    /// </summary>
    private static async Task StorePlansAsync(Write w, int signatoryId, CancellationToken ct)
    {
        var content = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% Belastingtest: projectplan\n%%EOF\n");
        foreach (var (id, municipalityId, receivedUtc) in await w.Tx.QueryAsync<(int Id, int MunicipalityId, DateTime ReceivedUtc)>(OwnApplicationsSql, new { email = SignatoryEmail }, ct))
        {
            var planId = await w.InsertAsync(PlanUpload.InsertSql, new
            {
                municipalityId, fileName = "projectplan.pdf", format = nameof(PlanFormat.Pdf), size = (long)content.Length,
                sha256 = PlanFiles.Sha256(content), content, now = receivedUtc.AddDays(-1), userId = signatoryId,
            }, ct);
            await w.Tx.ExecuteAsync(EditDraft.AttachPlanSql, new { id, planId, municipalityId }, ct);
            await w.Tx.ExecuteAsync(EditDraft.SetCurrentPlanSql, new { id, planId }, ct);
            await w.Tx.ExecuteAsync(PlanFiles.MarkReceivedSql, new { applicationId = id, moment = receivedUtc }, ct);
        }
    }

    // Dapper runs the statement once per row, all inside the one write transaction.
    private static Task<int> Execute<T>(System.Data.Common.DbTransaction tx, string sql, IEnumerable<T> rows, CancellationToken ct) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(sql, rows, tx, cancellationToken: ct));
}
