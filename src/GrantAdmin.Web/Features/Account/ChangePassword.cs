using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace GrantAdmin.Web.Features.Account;

public static class ChangePassword
{
    public sealed record Form([MaxText(TextSize.Password, Verbatim = true)] string? CurrentPassword, [MaxText(TextSize.Password, Verbatim = true)] string? NewPassword,
        [MaxText(TextSize.Password, Verbatim = true)] string? ConfirmPassword);

    internal const string AccountSql = "SELECT email, password_hash AS PasswordHash FROM users WHERE id = @id";
    internal const string UpdateSql = "UPDATE users SET password_hash = @hash WHERE id = @id";

    private sealed record Account(string Email, string PasswordHash);

    /// <summary>
    /// Changes the password and ends every session of the user, the caller's too. A wrong current password counts
    /// against the account's login throttle, so a borrowed session cannot guess it faster than the login form can.
    /// </summary>
    public sealed class Handler(Db db, TimeProvider clock, LoginThrottle throttle)
    {
        public async Task<Outcome<int>> HandleAsync(int userId, Form form, CancellationToken ct)
        {
            var errors = new Errors()
                .Add(nameof(Form.CurrentPassword), "Vul uw huidige wachtwoord in.", string.IsNullOrEmpty(form.CurrentPassword));
            var newPasswordProblem = AccountRules.CheckNewPassword(form.NewPassword);
            errors.Add(nameof(Form.NewPassword), newPasswordProblem ?? "", newPasswordProblem is not null);
            errors.Add(nameof(Form.ConfirmPassword), "Herhaal hetzelfde nieuwe wachtwoord.", newPasswordProblem is null && form.NewPassword != form.ConfirmPassword);
            if (!errors.None) return Outcome<int>.Fail(errors);

            // Checked before the write transaction: a wrong guess takes no write lock.
            var account = await db.QuerySingleOrDefaultAsync<Account>(AccountSql, new { id = userId }, ct);
            if (account is null) return Outcome<int>.Fail(FormLevel.Status, "Dit account bestaat niet meer.");
            if (throttle.IsRefused(account.Email))
                return Outcome<int>.Fail(nameof(Form.CurrentPassword), $"Te veel pogingen met een onjuist wachtwoord. Wacht {throttle.Settings.AccountWindow.TotalMinutes:0} minuten en probeer het dan opnieuw.");
            if (LoginHandler.Hasher.VerifyHashedPassword(userId, account.PasswordHash, form.CurrentPassword!) == PasswordVerificationResult.Failed)
            {
                throttle.CountFailure(account.Email);
                return Outcome<int>.Fail(nameof(Form.CurrentPassword), "Uw huidige wachtwoord klopt niet.");
            }

            return await db.TryWriteAsync<int>(async w =>
            {
                await w.Tx.ExecuteAsync(UpdateSql, new { id = userId, hash = LoginHandler.Hasher.HashPassword(userId, form.NewPassword!) }, ct);
                await w.Tx.ExecuteAsync(SessionStore.DeleteForUserSql, new { userId }, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("WachtwoordGewijzigd", userId), ct);
                return Outcome<int>.Ok(userId);
            }, ct);
        }
    }
}
