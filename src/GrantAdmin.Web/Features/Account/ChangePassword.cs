using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace GrantAdmin.Web.Features.Account;

public static class ChangePassword
{
    public sealed record Form(string? CurrentPassword, string? NewPassword, string? ConfirmPassword);

    internal const string HashSql = "SELECT password_hash FROM users WHERE id = @id";
    internal const string UpdateSql = "UPDATE users SET password_hash = @hash WHERE id = @id";

    /// <summary>Changes the password and ends every session of the user, the caller's too.</summary>
    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<int>> HandleAsync(int userId, Form form, CancellationToken ct)
        {
            var errors = new Errors()
                .Add(nameof(Form.CurrentPassword), "Vul uw huidige wachtwoord in.", string.IsNullOrEmpty(form.CurrentPassword));
            var newPasswordProblem = AccountRules.CheckNewPassword(form.NewPassword);
            errors.Add(nameof(Form.NewPassword), newPasswordProblem ?? "", newPasswordProblem is not null);
            errors.Add(nameof(Form.ConfirmPassword), "Herhaal hetzelfde nieuwe wachtwoord.", newPasswordProblem is null && form.NewPassword != form.ConfirmPassword);
            if (!errors.None) return Outcome<int>.Fail(errors);

            return await db.TryWriteAsync<int>(async w =>
            {
                var hash = await w.Tx.QuerySingleAsync<string>(HashSql, new { id = userId }, ct);
                if (LoginHandler.Hasher.VerifyHashedPassword(userId, hash, form.CurrentPassword!) == PasswordVerificationResult.Failed)
                    return Outcome<int>.Fail(nameof(Form.CurrentPassword), "Uw huidige wachtwoord klopt niet.");
                await w.Tx.ExecuteAsync(UpdateSql, new { id = userId, hash = LoginHandler.Hasher.HashPassword(userId, form.NewPassword!) }, ct);
                await w.Tx.ExecuteAsync(SessionStore.DeleteForUserSql, new { userId }, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("WachtwoordGewijzigd", userId), ct);
                return Outcome<int>.Ok(userId);
            }, ct);
        }
    }
}
