namespace GrantAdmin.Web.Features.Account;

/// <summary>Lockout and password rules: plain values in, decisions out.</summary>
public static class AccountRules
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MinimumPasswordLength = 12;

    public static bool IsLockedOut(DateTime? lockedUntilUtc, DateTime nowUtc) => lockedUntilUtc is { } until && until > nowUtc;

    /// <summary>After one more failed attempt: the new count and, at the limit, the end of the lockout.</summary>
    public static (int FailedLogins, DateTime? LockedUntilUtc) AfterFailedAttempt(int failedLogins, DateTime nowUtc)
    {
        var count = failedLogins + 1;
        return count >= MaxFailedAttempts ? (0, nowUtc + LockoutDuration) : (count, null);
    }

    public static string? CheckNewPassword(string? password)
    {
        if (string.IsNullOrEmpty(password)) return "Vul een nieuw wachtwoord in.";
        if (password.Length < MinimumPasswordLength) return $"Kies een wachtwoord van minstens {MinimumPasswordLength} tekens.";
        if (password.Distinct().Count() < 5) return "Kies een wachtwoord met meer verschillende tekens.";
        return null;
    }
}
