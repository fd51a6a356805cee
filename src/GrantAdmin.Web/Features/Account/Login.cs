using GrantAdmin.Web.Features.Audit;
using System.Security.Claims;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace GrantAdmin.Web.Features.Account;

public sealed record LoginForm([MaxText(TextSize.Email)] string? Email, [MaxText(TextSize.Password)] string? Password, [MaxText(TextSize.Url)] string? ReturnUrl);

public sealed record UserRow(int Id, string Email, string DisplayName, string PasswordHash, string Role, int? MunicipalityId,
    string? MunicipalityName, bool IsActive, int FailedLogins, DateTime? LockedUntilUtc, string SecurityStamp);

/// <summary>Checks a password with Identity's PasswordHasher, counts failures and locks out after five.</summary>
public sealed class LoginHandler(Db db, TimeProvider clock)
{
    public static readonly PasswordHasher<object> Hasher = new();

    internal const string FindUserSql = """
        SELECT u.id, u.email, u.display_name AS DisplayName, u.password_hash AS PasswordHash, u.role,
               u.municipality_id AS MunicipalityId, m.name AS MunicipalityName, u.is_active AS IsActive,
               u.failed_logins AS FailedLogins, u.locked_until_utc AS LockedUntilUtc, u.security_stamp AS SecurityStamp
        FROM users u LEFT JOIN municipalities m ON m.id = u.municipality_id
        WHERE u.email = @email
        """;

    internal const string RecordFailureSql = """
        UPDATE users SET failed_logins = @failedLogins, locked_until_utc = @lockedUntil WHERE id = @id
        """;

    internal const string RecordSuccessSql = """
        UPDATE users SET failed_logins = 0, locked_until_utc = NULL, password_hash = @hash WHERE id = @id
        """;

    public const int MaxEmailLength = 254;
    public const int MaxPasswordLength = 256;

    public async Task<Outcome<ClaimsPrincipal>> HandleAsync(LoginForm form, CancellationToken ct)
    {
        const string wrong = "Het e-mailadres of het wachtwoord klopt niet.";
        var email = form.Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(form.Password))
            return Outcome<ClaimsPrincipal>.Fail(new Errors()
                .Add(nameof(form.Email), "Vul uw e-mailadres in.", string.IsNullOrEmpty(email))
                .Add(nameof(form.Password), "Vul uw wachtwoord in.", string.IsNullOrEmpty(form.Password)));
        // An address is at most 254 characters (RFC 5321); a longer one is refused before anything is looked up or stored,
        // so an anonymous request cannot make the audit log grow by what it sends.
        if (email.Length > MaxEmailLength || form.Password.Length > MaxPasswordLength)
            return Outcome<ClaimsPrincipal>.Fail(new Errors()
                .Add(nameof(form.Email), $"Een e-mailadres is hoogstens {MaxEmailLength} tekens lang.", email.Length > MaxEmailLength)
                .Add(nameof(form.Password), $"Een wachtwoord is hoogstens {MaxPasswordLength} tekens lang.", form.Password.Length > MaxPasswordLength));

        return await db.TryWriteAsync<ClaimsPrincipal>(async w =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var user = await w.Tx.QuerySingleOrDefaultAsync<UserRow>(FindUserSql, new { email }, ct);
            if (user is null || !user.IsActive)
            {
                // Audited too: attempts on unknown or deactivated accounts are what a log reviewer looks for.
                await w.AuditAsync(now, new AuditLog.Entry("InloggenMislukt", user?.Id, Details: $"{(user is null ? "onbekend" : "gedeactiveerd")} account: {email}"), ct);
                return Outcome<ClaimsPrincipal>.Fail(nameof(form.Email), wrong);
            }
            if (AccountRules.IsLockedOut(user.LockedUntilUtc, now))
            {
                await w.AuditAsync(now, new AuditLog.Entry("InloggenGeweigerd", (int?)user.Id, Details: "account geblokkeerd"), ct);
                return Outcome<ClaimsPrincipal>.Fail(nameof(form.Email),
                    $"Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het na {Amsterdam.ToLocal(user.LockedUntilUtc!.Value):HH:mm} uur opnieuw.");
            }

            var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, form.Password);
            if (verdict == PasswordVerificationResult.Failed)
            {
                var (failed, lockedUntil) = AccountRules.AfterFailedAttempt(user.FailedLogins, now);
                await w.Tx.ExecuteAsync(RecordFailureSql, new { id = user.Id, failedLogins = failed, lockedUntil }, ct);
                await w.AuditAsync(now, new AuditLog.Entry(lockedUntil is null ? "InloggenMislukt" : "AccountGeblokkeerd", user.Id), ct);
                return Outcome<ClaimsPrincipal>.Fail(nameof(form.Email), wrong);
            }

            var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, form.Password) : user.PasswordHash;
            await w.Tx.ExecuteAsync(RecordSuccessSql, new { id = user.Id, hash }, ct);
            await w.AuditAsync(now, new AuditLog.Entry("Ingelogd", user.Id), ct);
            return Outcome<ClaimsPrincipal>.Ok(Principal(user));
        }, ct, commitOnFailure: true); // a refused login still stores its failed attempt
    }

    public static ClaimsPrincipal Principal(UserRow user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Role, user.Role),
            new(ClaimNames.SecurityStamp, user.SecurityStamp),
        };
        if (user.MunicipalityId is { } m)
        {
            claims.Add(new Claim(ClaimNames.MunicipalityId, m.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            claims.Add(new Claim(ClaimNames.MunicipalityName, user.MunicipalityName ?? ""));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}

/// <summary>
/// Checks on every request that the account is still active and its security stamp unchanged, so that a
/// deactivation or password change ends every other session at once.
/// </summary>
public sealed class SessionValidation(Db db) : CookieAuthenticationEvents
{
    internal const string StampSql = "SELECT security_stamp FROM users WHERE id = @id AND is_active = 1";

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal?.FindFirstValue(ClaimNames.SecurityStamp);
        var current = id is null ? null : await db.QuerySingleOrDefaultAsync<string>(StampSql, new { id = int.Parse(id) });
        if (current is null || current != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
