using System.Numerics;
using CsCheck;
using GrantAdmin.Web.Features.Applications;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>
/// ISO 13616. Every valid IBAN below was checked by hand before use: moving the first four characters to the
/// end, letters as 10..35, the number mod 97 is 1. (NL02RABO0123456789, often quoted, is not valid: it gives
/// 56; its correct check digits are 44.)
/// </summary>
public sealed class IbanTests
{
    [Theory]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("NL44RABO0123456789")]
    [InlineData("NL20INGB0001234567")]
    [InlineData("DE89370400440532013000")]
    [InlineData("BE68539007547034")]
    [InlineData("GB82WEST12345698765432")]
    public void KnownValidIban_Accepted(string iban) => Assert.True(Iban.IsValid(iban));

    [Theory]
    [InlineData("NL91 ABNA 0417 1643 00")]
    [InlineData("nl91abna0417164300")]
    [InlineData(" nl91 AbNa 0417 1643 00 ")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    public void SpacesAndLowercase_Accepted(string iban) => Assert.True(Iban.IsValid(iban));

    [Theory]
    [InlineData("NL92ABNA0417164300")] // check digits off by one
    [InlineData("NL02RABO0123456789")] // the often-quoted example: mod 97 gives 56
    [InlineData("NL91ABNA0417164301")] // last digit changed
    [InlineData("NL91ABNA0417164030")] // two digits swapped
    [InlineData("DE88370400440532013000")]
    [InlineData("BE69539007547034")]
    public void WrongCheckDigits_Refused(string iban) => Assert.False(Iban.IsValid(iban));

    [Theory]
    [InlineData("NL58ABNA041716430")]   // 17 characters, yet mod 97 = 1
    [InlineData("NL06ABNA04171643001")] // 19 characters, yet mod 97 = 1
    [InlineData("NL44ABN10417164300")]  // mod 97 = 1, but a Dutch bank code is four letters
    public void DutchIbanOfWrongLayout_RefusedEvenWithValidCheckDigits(string iban)
    {
        Assert.Equal(1, Mod97(iban)); // only the Dutch layout is wrong
        Assert.False(Iban.IsValid(iban));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("NL91")]
    [InlineData("1234567890")]
    [InlineData("NL91-ABNA-0417-1643-00")]
    public void NotAnIban_Refused(string? value) => Assert.False(Iban.IsValid(value));

    [Theory]
    [InlineData("NL91ABNA0417164300", "NL91 ABNA 0417 1643 00")]
    [InlineData("DE89370400440532013000", "DE89 3704 0044 0532 0130 00")]
    [InlineData("BE68539007547034", "BE68 5390 0754 7034")]
    public void Format_GroupsOfFour(string iban, string expected) => Assert.Equal(expected, Iban.Format(iban));

    [Fact]
    public void Normalize_RemovesSpacesUppercases() => Assert.Equal("NL91ABNA0417164300", Iban.Normalize(" nl91 abna\t0417 1643 00 "));

    /// <summary>A valid Dutch IBAN for any bank code and account number, with the check digits computed here.</summary>
    private static readonly Gen<string> DutchIban =
        Gen.Select(Gen.Char['A', 'Z'].Array[4], Gen.Char['0', '9'].Array[10], (bank, account) =>
        {
            var bban = new string(bank) + new string(account);
            return $"NL{98 - Mod97("NL00" + bban):D2}{bban}";
        });

    [Fact]
    public void GeneratedDutchIban_Valid() => DutchIban.Sample(iban => Assert.True(Iban.IsValid(iban), iban));

    [Fact]
    public void AnySingleDigitChangeInAccount_MakesDutchIbanInvalid() =>
        Gen.Select(DutchIban, Gen.Int[8, 17], Gen.Int[1, 9]).Sample((iban, position, shift) =>
        {
            var digits = iban.ToCharArray();
            digits[position] = (char)('0' + (digits[position] - '0' + shift) % 10);
            var changed = new string(digits);
            Assert.False(Iban.IsValid(changed), $"{iban} → {changed}");
        });

    /// <summary>The ISO 7064 check on the rearranged IBAN, written out independently of the code under test.</summary>
    private static int Mod97(string iban)
    {
        var rearranged = iban[4..] + iban[..4];
        var number = BigInteger.Parse(string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? $"{c}" : $"{c - 'A' + 10}")));
        return (int)(number % 97);
    }
}
