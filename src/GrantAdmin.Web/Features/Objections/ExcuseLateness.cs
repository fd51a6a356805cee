using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Objections;

/// <summary>Awb 6:11: the reviewer judges whether the lateness of a late bezwaar is excusable, with the reason; changeable while it is open.</summary>
public static class ExcuseLateness
{
    public sealed record Form([MaxText(TextSize.Value)] string? Excusable, [MaxText(TextSize.Explanation)] string? ExcusableReason);

    internal const string SetSql = """
        UPDATE objections SET excusable = @excusable, excusable_reason = @reason WHERE id = @objectionId AND outcome IS NULL
        """;

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<bool>> HandleAsync(CurrentUser reviewer, int objectionId, Form form, CancellationToken ct)
        {
            bool? excusable = form.Excusable switch { "ja" => true, "nee" => false, _ => null };
            var errors = new Errors()
                .Add(nameof(Form.Excusable), "Kies of de termijnoverschrijding verschoonbaar is.", excusable is null)
                .Add(nameof(Form.ExcusableReason), "Geef de reden van uw oordeel over de termijnoverschrijding.", string.IsNullOrWhiteSpace(form.ExcusableReason));
            if (!errors.None) return Outcome<bool>.Fail(errors);

            return await ObjectionQueries.WriteAsync<bool>(db, objectionId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var (o, refusal) = await ObjectionQueries.OpenAsync(w.Tx, objectionId, ct);
                if (o is null) return Outcome<bool>.Fail(FormLevel.Status, refusal!);
                if (!o.IsLate)
                    return Outcome<bool>.Fail(FormLevel.Status, "Dit bezwaar is op tijd ingediend; verschoonbaarheid (artikel 6:11 Awb) speelt alleen bij een te laat bezwaar.");
                var reason = form.ExcusableReason!.Trim();
                await w.Tx.ExecuteAsync(SetSql, new { excusable, reason, objectionId }, ct);
                var details = $"Bezwaar {o.Id}: termijnoverschrijding {(excusable!.Value ? "verschoonbaar" : "niet verschoonbaar")} (artikel 6:11 Awb). {reason}";
                await w.AuditAsync(now, new AuditLog.Entry("BezwaarVerschoonbaarheid", reviewer.Id, o.ApplicationId, o.MunicipalityId,
                    Details: $"{o.Kenmerk}: {details}", Before: Describe(o.Excusable), After: Describe(excusable)), ct);
                return Outcome<bool>.Ok(excusable.Value);
            }, ct);
        }

        private static string Describe(bool? excusable) => excusable switch { true => "verschoonbaar", false => "niet verschoonbaar", null => "niet beoordeeld" };
    }
}
