using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Account;

/// <summary>What a new password must be: long enough, varied, and on no list of common or breached passwords.</summary>
public sealed class AccountRulesTests
{
    private const string TooCommon = "Dit wachtwoord is te bekend: het staat op lijsten van veelgebruikte en uitgelekte wachtwoorden. Kies een ander.";

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
    [InlineData("Nieuw-wachtwoord-456", null)]
    [InlineData("Demo-wachtwoord-2023", null)]
    [InlineData("paardenbloem kruipt langs de dijk", null)]
    public void CheckNewPassword_LengthAndVariety(string? password, string? expected) =>
        Assert.Equal(expected, AccountRules.CheckNewPassword(password));

    [Fact]
    public void APasswordLongerThanLoginAccepts_IsRefused() =>
        Assert.Equal("Een wachtwoord is hoogstens 256 tekens lang.", AccountRules.CheckNewPassword(string.Concat(Enumerable.Repeat("Lange-zin-", 26))));

    [Theory]
    [InlineData("wachtwoord12")] // the three
    [InlineData("Welkom12345!")]
    [InlineData("123456789012")]
    [InlineData("WACHTWOORD2023!")] // case
    [InlineData("!!Welkom2024??")] // symbols before and after
    [InlineData("W@chtw00rd2023")] // look-alikes
    [InlineData("P@ssw0rd12345")]
    [InlineData("qwertyuiop123")] // keyboard run, on the breached list
    [InlineData("1qaz2wsx3edc")]
    [InlineData("Voorjaar2023!")] // Dutch supplement
    [InlineData("Feyenoord1908")]
    [InlineData("9876543210987")] // no letters at all
    public void CommonOrBreachedPasswords_AndTheirObviousVariants_AreRefused(string password) =>
        Assert.Equal(TooCommon, AccountRules.CheckNewPassword(password));
}
