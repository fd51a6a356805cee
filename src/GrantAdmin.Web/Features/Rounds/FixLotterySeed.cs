using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Rounds;

/// <summary>
/// The beheerder fixes a round's lottery seed (tie policy SameDayLottery) before the round opens. Its hash is
/// published on the ceiling meter at once; the seed itself once the round has closed, so anyone can replay
/// the draw and no one could have chosen a seed with the applications in view.
/// </summary>
public static class FixLotterySeed
{
    public sealed record Form([MaxText(TextSize.Name)] string? Seed);
    public sealed record Page(IReadOnlyList<Round> Rounds, IReadOnlyDictionary<int, string?> SeedHashes, DateOnly Today)
    {
        /// <summary>Each round's payment percentage by code (<see cref="SetPaymentPercentage"/>).</summary>
        public IReadOnlyDictionary<string, int> PaymentPercentages { get; init; } = new Dictionary<string, int>();
    }

    internal const string SeedHashesSql = "SELECT id, lottery_seed_hash AS SeedHash FROM rounds";

    internal const string FixSql = """
        UPDATE rounds SET tie_policy = 'SameDayLottery', lottery_seed = @seed, lottery_seed_hash = @hash
        WHERE code = @code AND lottery_seed IS NULL AND opens_on > @today
        """;

    private sealed record SeedRow(int Id, string? SeedHash);

    public sealed class Handler(Db db, TimeProvider clock, SetPaymentPercentage.Handler percentages)
    {
        public async Task<Page> LoadAsync(CancellationToken ct) => new(
            await db.QueryAsync<Round>(CeilingMeter.RoundsSql, null, ct),
            (await db.QueryAsync<SeedRow>(SeedHashesSql, null, ct)).ToDictionary(r => r.Id, r => r.SeedHash),
            Amsterdam.Today(clock))
        {
            PaymentPercentages = await percentages.PercentagesAsync(ct),
        };

        public async Task<Outcome<string>> HandleAsync(CurrentUser admin, string code, Form form, CancellationToken ct)
        {
            var seed = form.Seed?.Trim();
            if (string.IsNullOrEmpty(seed) || seed.Length < 16)
                return Outcome<string>.Fail(nameof(Form.Seed), "Kies een zaad (seed) van minstens 16 tekens, bijvoorbeeld een willekeurige reeks uit een notarieel vastgelegde trekking.");
            // A round setting changes under the round's lock, like every other change to what the round decides.
            return await RoundSettings.WriteAsync<string>(db, code, async w =>
            {
                var hash = RankingEngine.SeedHash(seed);
                var today = Amsterdam.Today(clock);
                if (await w.Tx.ExecuteAsync(FixSql, new { code, seed, hash, today }, ct) == 0)
                    return Outcome<string>.Fail(FormLevel.Status, "Het zaad kan alleen één keer worden vastgelegd, en alleen voordat de ronde opengaat.");
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("LotingzaadVastgelegd", admin.Id, Details: $"{code}: sha256 {hash}"), ct);
                return Outcome<string>.Ok(hash);
            }, ct);
        }
    }
}
