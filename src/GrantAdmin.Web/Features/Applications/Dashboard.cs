using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>The gemeente's start: open rounds with time left, its applications, and starting a draft.</summary>
public static class Dashboard
{
    public sealed record OpenRound(int Id, string Name, bool IsDemo, DateOnly ClosesOn, string TimeLeft, int? ApplicationId);
    public sealed record ApplicationLine(int Id, int RoundId, string RoundName, string? Kenmerk, string State, DateTime? ReceivedAtUtc, long? RequestedCents,
        int? Position, bool Provisional)
    {
        public string StateLabel => StateMachine.Label(Enum.Parse<ApplicationState>(State));
        public string PositionLabel => Position is { } p ? (Provisional ? $"{p} (voorlopig)" : p.ToString(System.Globalization.CultureInfo.InvariantCulture)) : "—";
    }
    public sealed record Page(string MunicipalityName, IReadOnlyList<OpenRound> OpenRounds, IReadOnlyList<ApplicationLine> Applications,
        IReadOnlyList<Ranking.CeilingMeter.Meter> Meters);

    internal const string RoundsSql = $"""
        SELECT {Round.Columns} FROM rounds r WHERE r.opens_on <= @today AND r.closes_on >= @yesterday ORDER BY r.closes_on
        """;

    internal const string RoundsByIdSql = $"SELECT {Round.Columns} FROM rounds r WHERE r.id IN @roundIds";

    internal const string ApplicationsSql = """
        SELECT a.id, a.round_id AS RoundId, r.name AS RoundName, a.kenmerk, a.state, a.received_at_utc AS ReceivedAtUtc,
               a.requested_cents AS RequestedCents, a.ranking_position AS Position, a.position_provisional AS Provisional
        FROM applications a JOIN rounds r ON r.id = a.round_id
        WHERE a.municipality_id = @municipalityId
        ORDER BY r.opens_on DESC
        """;

    internal const string InsertDraftSql = """
        INSERT INTO applications (round_id, municipality_id, state, contact_name, contact_email, created_at_utc, created_by_user_id, updated_at_utc)
        VALUES (@roundId, @municipalityId, 'Concept', @contactName, @contactEmail, @now, @userId, @now)
        """;

    internal const string ExistingSql = "SELECT id FROM applications WHERE round_id = @roundId AND municipality_id = @municipalityId";

    internal const string InRoundListSql = """
        SELECT COUNT(*) FROM rounds r JOIN municipality_lists l ON l.list_year = r.municipality_list_year
        WHERE r.id = @roundId AND l.municipality_id = @municipalityId
        """;

    internal const string UserEmailSql = "SELECT email FROM users WHERE id = @id";

    public sealed class Handler(Db db, TimeProvider clock, Ranking.CeilingMeter meter)
    {
        public async Task<Page> LoadAsync(CurrentUser user, CancellationToken ct)
        {
            var municipalityId = user.RequireMunicipality();
            var now = clock.GetUtcNow().UtcDateTime;
            var today = Amsterdam.Today(clock);
            var applications = await db.QueryAsync<ApplicationLine>(ApplicationsSql, new { municipalityId }, ct);
            var rounds = await db.QueryAsync<Round>(RoundsSql, new { today, yesterday = today.AddDays(-1) }, ct);
            var open = rounds.Where(r => r.Window.StatusAt(now) == WindowStatus.Open)
                .Select(r => new OpenRound(r.Id, r.Name, r.IsDemo, r.ClosesOn, SubmissionWindow.DescribeTimeLeft(r.Window.TimeLeft(now)),
                    applications.Where(a => a.RoundId == r.Id).Select(a => (int?)a.Id).FirstOrDefault()))
                .ToList();
            // The meter of every round the gemeente is in, or could apply in now.
            var meterRounds = rounds.Where(r => open.Any(o => o.Id == r.Id)).Concat(await RoundsOfAsync(applications, ct)).DistinctBy(r => r.Id).ToList();
            return new Page(user.MunicipalityName ?? "", open, applications, await meter.ForAllAsync(meterRounds, ct));
        }

        // The rounds of the submitted applications in one query (one each was most of the page's SQL), in the lines' order.
        private async Task<IEnumerable<Round>> RoundsOfAsync(IReadOnlyList<ApplicationLine> applications, CancellationToken ct)
        {
            var roundIds = applications.Where(a => a.Kenmerk is not null).Select(a => a.RoundId).Distinct().ToList();
            if (roundIds.Count == 0) return [];
            var byId = (await db.QueryAsync<Round>(RoundsByIdSql, new { roundIds }, ct)).ToDictionary(r => r.Id);
            return roundIds.Select(id => byId[id]);
        }

        /// <summary>Starts the gemeente's draft for an open round, or returns the one it already has there.</summary>
        public async Task<Outcome<int>> StartAsync(CurrentUser user, int roundId, CancellationToken ct)
        {
            var municipalityId = user.RequireMunicipality();
            try
            {
                return await StartOnceAsync(user, municipalityId, roundId, ct);
            }
            catch (System.Data.Common.DbException e) when (db.Dialect.IsUniqueViolation(e))
            {
                // A simultaneous start won the unique (round, gemeente) index: there is one draft, and this is it.
                return Outcome<int>.Ok((await db.QuerySingleOrDefaultAsync<int?>(ExistingSql, new { roundId, municipalityId }, ct))!.Value);
            }
        }

        private async Task<Outcome<int>> StartOnceAsync(CurrentUser user, int municipalityId, int roundId, CancellationToken ct)
        {
            return await db.TryRoundWriteAsync<int>(roundId, async w =>
            {
                var existing = await w.Tx.QuerySingleOrDefaultAsync<int?>(ExistingSql, new { roundId, municipalityId }, ct);
                if (existing is { } id) return Outcome<int>.Ok(id);
                var round = await w.Tx.QuerySingleOrDefaultAsync<Round>(ApplicationQueries.RoundSql, new { id = roundId }, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                if (round is null || round.Window.StatusAt(now) != WindowStatus.Open)
                    return Outcome<int>.Fail(FormLevel.Window, "Deze ronde is niet open. U kunt alleen een aanvraag starten in een open ronde.");
                if (await w.Tx.QuerySingleAsync<int>(InRoundListSql, new { roundId, municipalityId }, ct) == 0)
                    return Outcome<int>.Fail(FormLevel.RoundList, "Uw gemeente staat niet in de gemeentelijst van deze ronde.");
                var email = await w.Tx.QuerySingleAsync<string>(UserEmailSql, new { id = user.Id }, ct);
                var newId = await w.InsertAsync(InsertDraftSql,
                    new { roundId, municipalityId, contactName = user.Name, contactEmail = email, now, userId = user.Id }, ct);
                await w.RecordDraftStartedAsync(newId, now, user.Id, ct);
                await w.AuditAsync(now, new AuditLog.Entry("ConceptGestart", user.Id, ApplicationId: newId, MunicipalityId: municipalityId, Details: round.Code), ct);
                return Outcome<int>.Ok(newId);
            }, ct);
        }
    }
}
