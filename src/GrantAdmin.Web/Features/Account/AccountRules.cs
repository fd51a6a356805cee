using System.Collections.Frozen;
using System.Text;

namespace GrantAdmin.Web.Features.Account;

/// <summary>What a new password must be (ASVS 6.2): plain values in, a Dutch message or null out.</summary>
public static class AccountRules
{
    public const int MinimumPasswordLength = 12;

    public static string? CheckNewPassword(string? password)
    {
        if (string.IsNullOrEmpty(password)) return "Vul een nieuw wachtwoord in.";
        if (password.Length < MinimumPasswordLength) return $"Kies een wachtwoord van minstens {MinimumPasswordLength} tekens.";
        if (password.Length > LoginHandler.MaxPasswordLength) return $"Een wachtwoord is hoogstens {LoginHandler.MaxPasswordLength} tekens lang.";
        if (password.Distinct().Count() < 5) return "Kies een wachtwoord met meer verschillende tekens.";
        if (IsCommon(password)) return "Dit wachtwoord is te bekend: het staat op lijsten van veelgebruikte en uitgelekte wachtwoorden. Kies een ander.";
        return null;
    }

    /// <summary>
    /// On the list as typed, or by its core: lower case, without the digits and symbols people put before or after a
    /// word ("Welkom2023!"), with letter look-alikes read back ("W@chtw00rd"). A password without letters is a number
    /// or a keyboard run, which guessers try first.
    /// </summary>
    public static bool IsCommon(string password)
    {
        var lower = password.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var core = lower.Trim(lower.Where(c => !char.IsLetter(c)).Distinct().ToArray());
        if (core.Length == 0) return true;
        return CommonPasswords.Contains(lower) || CommonPasswords.Contains(core)
            || CommonPasswords.Contains(Unleet(core, one: 'i')) || CommonPasswords.Contains(Unleet(core, one: 'l'));
    }

    private static string Unleet(string core, char one) => string.Concat(core.Select(c => c switch
    {
        '0' => 'o', '1' => one, '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', '@' => 'a', '$' => 's', '!' => 'i', _ => c,
    }));

    // The embedded lists and where they come from: CommonPasswords/README.md.
    private static readonly Lazy<FrozenSet<string>> List = new(() =>
    {
        var assembly = typeof(AccountRules).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("GrantAdmin.CommonPasswords.", StringComparison.Ordinal))
            .SelectMany(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            })
            .ToFrozenSet(StringComparer.Ordinal);
    });

    private static FrozenSet<string> CommonPasswords => List.Value;
}
