using System.Numerics;
using System.Text.RegularExpressions;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>IBAN per ISO 13616: structure, the Dutch length, and the mod-97 check digits.</summary>
public static partial class Iban
{
    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")]
    private static partial Regex Shape();

    /// <summary>Upper case without spaces, as stored; "NL91 abna 0417 1643 00" → "NL91ABNA0417164300".</summary>
    public static string Normalize(string value) => new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return false;
        var iban = Normalize(value);
        if (!Shape().IsMatch(iban)) return false;
        if (iban.StartsWith("NL", StringComparison.Ordinal) && (iban.Length != 18 || !iban[4..8].All(char.IsAsciiLetterUpper) || !iban[8..].All(char.IsAsciiDigit)))
            return false;
        // Move the country code and check digits to the end, letters become 10..35, and the number mod 97 must be 1.
        var rearranged = iban[4..] + iban[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 97 == 1;
    }

    /// <summary>Groups of four, as people read it: "NL91 ABNA 0417 1643 00".</summary>
    public static string Format(string iban) => string.Join(' ', iban.Chunk(4).Select(c => new string(c)));
}
