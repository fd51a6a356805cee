using GrantAdmin.Web.Infrastructure.Writes;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Rounds;

/// <summary>
/// The beheerder sets a round's payment percentage (domain.md §7: 100% on grant, a setting per round), 1 to 100, as long as
/// no payment instruction exists for the round: an instruction is made with the percentage of its moment, so a later change
/// would pay one gemeente differently from another. Audited with the value before and after.
/// </summary>
public static class SetPaymentPercentage
{
    public sealed record Form([MaxText(TextSize.Value)] string? PaymentPercentage);

    internal const string PercentagesSql = "SELECT code, payment_percentage AS Percentage FROM rounds";

    internal const string RoundSql = "SELECT id, payment_percentage AS Percentage FROM rounds WHERE code = @code";

    internal const string InstructionCountSql = """
        SELECT COUNT(*) FROM payment_instructions p JOIN applications a ON a.id = p.application_id WHERE a.round_id = @roundId
        """;

    internal const string SetSql = "UPDATE rounds SET payment_percentage = @percentage WHERE id = @roundId";

    private sealed record RoundRow(int Id, int Percentage);
    private sealed record PercentageRow(string Code, int Percentage);

    public const string HasInstructions = "Voor deze ronde zijn al betaalopdrachten gemaakt. Het betaalpercentage kan daarna niet meer worden gewijzigd.";

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<IReadOnlyDictionary<string, int>> PercentagesAsync(CancellationToken ct) =>
            (await db.QueryAsync<PercentageRow>(PercentagesSql, null, ct)).ToDictionary(r => r.Code, r => r.Percentage, StringComparer.OrdinalIgnoreCase);

        public async Task<Outcome<int>> HandleAsync(CurrentUser admin, string code, Form form, CancellationToken ct)
        {
            if (!int.TryParse(form.PaymentPercentage?.Trim().TrimEnd('%').Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var percentage)
                || percentage is < 1 or > 100)
                return Outcome<int>.Fail(nameof(Form.PaymentPercentage), "Vul een betaalpercentage in van 1 tot en met 100 (een heel getal).");

            // A round setting changes under the round's lock, like every other change to what the round decides.
            return await RoundSettings.WriteAsync<int>(db, code, async w =>
            {
                if (await w.Tx.QuerySingleOrDefaultAsync<RoundRow>(RoundSql, new { code }, ct) is not { } round)
                    return Outcome<int>.Fail(FormLevel.Status, "Deze ronde bestaat niet.");
                if (await w.Tx.QuerySingleAsync<int>(InstructionCountSql, new { roundId = round.Id }, ct) > 0)
                    return Outcome<int>.Fail(nameof(Form.PaymentPercentage), HasInstructions);
                if (round.Percentage == percentage) return Outcome<int>.Ok(percentage); // nothing changes, nothing to audit
                await w.Tx.ExecuteAsync(SetSql, new { percentage, roundId = round.Id }, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("BetaalpercentageGewijzigd", admin.Id, RoundId: round.Id,
                    Details: $"{code}: betaalpercentage", Before: round.Percentage.ToString(CultureInfo.InvariantCulture),
                    After: percentage.ToString(CultureInfo.InvariantCulture)), ct);
                return Outcome<int>.Ok(percentage);
            }, ct);
        }
    }
}
