using System.Data.Common;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Payments;

/// <summary>
/// A verlening creates its payment instruction in the approval's own transaction (see
/// <see cref="Decisions.ReviewDecision"/>): the granted amount × the round's payment percentage / 100, in whole cents
/// rounded down (100% on grant for this uitkering), to the IBAN and account holder of the application.
/// </summary>
public static class PaymentInstructions
{
    internal const string CreateSql = """
        INSERT INTO payment_instructions (application_id, decision_id, amount_cents, iban, account_holder, kenmerk, created_at_utc)
        SELECT a.id, @decisionId, a.granted_cents * r.payment_percentage / 100, a.iban, a.account_holder, a.kenmerk, @now
        FROM applications a JOIN rounds r ON r.id = a.round_id
        WHERE a.id = @applicationId AND a.granted_cents IS NOT NULL
        """;

    /// <summary>The instruction amount: granted × percentage / 100, whole cents rounded down (as <see cref="CreateSql"/> computes it).</summary>
    public static long Amount(long grantedCents, int percentage) => grantedCents * percentage / 100;

    public static async Task CreateAsync(DbTransaction tx, int applicationId, int decisionId, DateTime now, CancellationToken ct)
    {
        if (await tx.ExecuteAsync(CreateSql, new { applicationId, decisionId, now }, ct) != 1)
            throw new InvalidOperationException($"No payment instruction created for application {applicationId}.");
    }
}
