using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Rounds;

namespace GrantAdmin.Tests.Features.Rounds;

/// <summary>The beheerder sets a round's payment percentage (1–100) until payment instructions exist for it; audited with before and after.</summary>
public sealed class SetPaymentPercentageTests(TestApp app) : AppTest(app)
{
    private static Task<AppClient.Page> Set(AppClient admin, string round, string value) =>
        admin.PostAsync($"/beheer/rondes/{round}/betaalpercentage", [new("PaymentPercentage", value)], tokenFrom: "/beheer/rondes");

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    [Fact]
    public async Task Percentage_IsSet_ShownAndAuditedWithBeforeAndAfter_AndUsedForTheInstruction()
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        var saved = await Set(admin, "2023", "40");

        Assert.Equal("/beheer/rondes", saved.RedirectPath);
        Assert.Equal("40", ((await admin.GetAsync("/beheer/rondes")).Html.QuerySelector("#f-PaymentPercentage-2023") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);
        Assert.Equal(40, await ScalarAsync<int>("SELECT payment_percentage FROM rounds WHERE code = '2023'"));
        Assert.Equal(("100", "40", Roles.Beheerder), await ScalarAsync<(string, string, string)>(
            "SELECT before_value, after_value, actor_role FROM audit_log WHERE action = 'BetaalpercentageGewijzigd'"));
        Assert.Equal(await Data.RoundIdAsync("2023"), await ScalarAsync<int>("SELECT round_id FROM audit_log WHERE action = 'BetaalpercentageGewijzigd'"));

        var id = await Data.GrantedApplicationAsync(TestData.Utrecht);
        Assert.Equal(2_000_000, await ScalarAsync<long>("SELECT amount_cents FROM payment_instructions WHERE application_id = @id", new { id }));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("12,5")]
    [InlineData("")]
    [InlineData("veel")]
    public async Task OutOfRange_IsRefusedAtTheRoundsField(string value)
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        var refused = await Set(admin, "2023", value);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("Vul een betaalpercentage in van 1 tot en met 100 (een heel getal).", refused.FieldError("PaymentPercentage"));
        Assert.Equal(100, await ScalarAsync<int>("SELECT payment_percentage FROM rounds WHERE code = '2023'"));
    }

    [Fact]
    public async Task OncePaymentInstructionsExist_IsRefused_AndNothingChanges()
    {
        await Data.GrantedApplicationAsync(TestData.Utrecht);
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        var refused = await Set(admin, "2023", "50");

        Assert.Equal(SetPaymentPercentage.HasInstructions, refused.FieldError("PaymentPercentage"));
        Assert.Equal(100, await ScalarAsync<int>("SELECT payment_percentage FROM rounds WHERE code = '2023'"));
        Assert.Equal(0, await ScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'BetaalpercentageGewijzigd'"));
        Assert.Equal("/beheer/rondes", (await Set(admin, "2022", "50")).RedirectPath); // another round is still free
    }

    [Fact]
    public async Task UnknownRound_IsRefused()
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        Assert.Equal(["Deze ronde bestaat niet."], (await Set(admin, "1999", "50")).ErrorSummary);
    }
}
