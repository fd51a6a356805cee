using GrantAdmin.Web.Features.Account;
using static GrantAdmin.Tests.Support.Instant;

namespace GrantAdmin.Tests.Features.Account;

/// <summary>Lockout after five failed logins for 15 minutes, and what a new password must be.</summary>
public sealed class AccountRulesTests
{
    private static readonly DateTime Now = Utc("2023-02-01T09:00:00Z");

    [Fact]
    public void FourFailures_CountedNotLocked()
    {
        var state = (FailedLogins: 0, LockedUntilUtc: (DateTime?)null);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            state = AccountRules.AfterFailedAttempt(state.FailedLogins, Now);
            Assert.Equal((attempt, (DateTime?)null), state);
        }
    }

    [Fact]
    public void FifthFailure_LocksForFifteenMinutesAndResetsCount()
    {
        var state = (FailedLogins: 0, LockedUntilUtc: (DateTime?)null);
        for (var attempt = 1; attempt <= 5; attempt++) state = AccountRules.AfterFailedAttempt(state.FailedLogins, Now);
        Assert.Equal((0, (DateTime?)Utc("2023-02-01T09:15:00Z")), state);
    }

    [Fact]
    public void FailureBeyondTheLimit_StillLocks() =>
        Assert.Equal(Utc("2023-02-01T09:15:00Z"), AccountRules.AfterFailedAttempt(7, Now).LockedUntilUtc);

    [Theory]
    [InlineData(null, false)]
    [InlineData("2023-02-01T08:59:59.9999999Z", false)]
    [InlineData("2023-02-01T09:00:00Z", false)] // the lock ends at that instant
    [InlineData("2023-02-01T09:00:00.0000001Z", true)]
    [InlineData("2023-02-01T09:15:00Z", true)]
    public void IsLockedOut_OnlyWhileLockEndIsInTheFuture(string? lockedUntil, bool locked) =>
        Assert.Equal(locked, AccountRules.IsLockedOut(lockedUntil is null ? null : Utc(lockedUntil), Now));

    [Fact]
    public void LockFromFifthFailure_HoldsFifteenMinutesThenLifts()
    {
        var (_, until) = AccountRules.AfterFailedAttempt(AccountRules.MaxFailedAttempts - 1, Now);
        Assert.True(AccountRules.IsLockedOut(until, Now.AddMinutes(15).AddTicks(-1)));
        Assert.False(AccountRules.IsLockedOut(until, Now.AddMinutes(15)));
    }

    [Theory]
    [InlineData(null, "Vul een nieuw wachtwoord in.")]
    [InlineData("", "Vul een nieuw wachtwoord in.")]
    [InlineData("Kort-123", "Kies een wachtwoord van minstens 12 tekens.")]
    [InlineData("abcdefghijk", "Kies een wachtwoord van minstens 12 tekens.")] // 11
    [InlineData("aaaaaaaaaaaaaaaa", "Kies een wachtwoord met meer verschillende tekens.")]
    [InlineData("abcdabcdabcd", "Kies een wachtwoord met meer verschillende tekens.")] // 4 different
    [InlineData("            ", "Kies een wachtwoord met meer verschillende tekens.")]
    [InlineData("abcdeabcdeab", null)] // 12 characters, 5 different
    [InlineData("Test-wachtwoord-123", null)]
    public void CheckNewPassword_LengthAndVariety(string? password, string? expected) =>
        Assert.Equal(expected, AccountRules.CheckNewPassword(password));
}
