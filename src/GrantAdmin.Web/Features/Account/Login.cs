using GrantAdmin.Web.Features.Audit;
using System.Security.Claims;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace GrantAdmin.Web.Features.Account;

public sealed record LoginForm([MaxText(TextSize.Email)] string? Email, [MaxText(TextSize.Password, Verbatim = true)] string? Password, [MaxText(TextSize.Url)] string? ReturnUrl);

public sealed record UserRow(int Id, string Email, string DisplayName, string PasswordHash, string Role, int? MunicipalityId,
    string? MunicipalityName, bool IsActive);

/// <summary>
/// Checks a password with Identity's PasswordHasher. Known, unknown and deactivated accounts take the same path and get
/// the same answer; failures are counted in memory by <see cref="LoginThrottle"/>, never in the database.
/// </summary>
public sealed class LoginHandler(Db db, TimeProvider clock, LoginThrottle throttle, ILogger<LoginHandler> logger)
{
    public static readonly PasswordHasher<object> Hasher = new();

    // Checked when there is no account, so an unknown address costs the same hashing time as a wrong password.
    private static readonly string StandInHash = Hasher.HashPassword(new object(), Guid.NewGuid().ToString());

    internal const string FindUserSql = """
        SELECT u.id, u.email, u.display_name AS DisplayName, u.password_hash AS PasswordHash, u.role,
               u.municipality_id AS MunicipalityId, m.name AS MunicipalityName, u.is_active AS IsActive
        FROM users u LEFT JOIN municipalities m ON m.id = u.municipality_id
        WHERE u.email = @email
        """;

    internal const string RehashSql = "UPDATE users SET password_hash = @hash WHERE id = @id";

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
        if (throttle.IsRefused(email)) return Outcome<ClaimsPrincipal>.Fail(nameof(form.Email), throttle.RefusedMessage);

        var user = await db.QuerySingleOrDefaultAsync<UserRow>(FindUserSql, new { email }, ct);
        var verdict = Hasher.VerifyHashedPassword(email, user?.PasswordHash ?? StandInHash, form.Password);
        var now = clock.GetUtcNow().UtcDateTime;
        if (user is not { IsActive: true } || verdict == PasswordVerificationResult.Failed)
        {
            logger.LogWarning("Failed login for {Account}: {Reason}", string.Concat(email.Where(c => !char.IsControl(c))),
                user is null ? "unknown account" : user.IsActive ? "wrong password" : "deactivated account");
            // Only the failure that trips the limit is audited: at most one row per address typed per window.
            if (throttle.CountFailure(email))
                await db.WriteAsync(async w =>
                {
                    await w.AuditAsync(now, new AuditLog.Entry("InloggenGeblokkeerd", user?.Id,
                        Details: $"{throttle.Settings.FailuresPerAccount} mislukte pogingen: {email}"), ct);
                    return 0;
                }, ct);
            return Outcome<ClaimsPrincipal>.Fail(nameof(form.Email), wrong);
        }

        await db.WriteAsync(async w =>
        {
            if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
                await w.Tx.ExecuteAsync(RehashSql, new { id = user.Id, hash = Hasher.HashPassword(email, form.Password) }, ct);
            await w.AuditAsync(now, new AuditLog.Entry("Ingelogd", user.Id), ct);
            return 0;
        }, ct);
        return Outcome<ClaimsPrincipal>.Ok(Principal(user));
    }

    public static ClaimsPrincipal Principal(UserRow user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.MunicipalityId is { } m)
        {
            claims.Add(new Claim(ClaimNames.MunicipalityId, m.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            claims.Add(new Claim(ClaimNames.MunicipalityName, user.MunicipalityName ?? ""));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}
