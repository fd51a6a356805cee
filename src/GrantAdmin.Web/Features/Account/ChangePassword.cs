using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace GrantAdmin.Web.Features.Account;

public static class ChangePassword
{
    public sealed record Form([MaxText(TextSize.Password)] string? CurrentPassword, [MaxText(TextSize.Password)] string? NewPassword,
        [MaxText(TextSize.Password)] string? ConfirmPassword);

    internal const string HashSql = "SELECT password_hash FROM users WHERE id = @id";
    internal const string UpdateSql = """
        UPDATE users SET password_hash = @hash, security_stamp = @stamp WHERE id = @id
        """;

    /// <summary>Changes the password and the security stamp; the caller signs in again with the new stamp.</summary>
    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<string>> HandleAsync(int userId, Form form, CancellationToken ct)
        {
            var errors = new Errors()
                .Add(nameof(Form.CurrentPassword), "Vul uw huidige wachtwoord in.", string.IsNullOrEmpty(form.CurrentPassword));
            var newPasswordProblem = AccountRules.CheckNewPassword(form.NewPassword);
            errors.Add(nameof(Form.NewPassword), newPasswordProblem ?? "", newPasswordProblem is not null);
            errors.Add(nameof(Form.ConfirmPassword), "Herhaal hetzelfde nieuwe wachtwoord.", newPasswordProblem is null && form.NewPassword != form.ConfirmPassword);
            if (!errors.None) return Outcome<string>.Fail(errors);

            return await db.TryWriteAsync<string>(async w =>
            {
                var hash = await w.Tx.QuerySingleAsync<string>(HashSql, new { id = userId }, ct);
                if (LoginHandler.Hasher.VerifyHashedPassword(userId, hash, form.CurrentPassword!) == PasswordVerificationResult.Failed)
                    return Outcome<string>.Fail(nameof(Form.CurrentPassword), "Uw huidige wachtwoord klopt niet.");
                var stamp = Guid.NewGuid().ToString("N");
                await w.Tx.ExecuteAsync(UpdateSql, new { id = userId, hash = LoginHandler.Hasher.HashPassword(userId, form.NewPassword!), stamp }, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("WachtwoordGewijzigd", userId), ct);
                return Outcome<string>.Ok(stamp);
            }, ct);
        }
    }
}
