using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>A form the server will not read is refused with a Dutch page that says what was wrong, and nothing is stored.</summary>
public sealed class UnreadableFormsTests(TestApp app) : AppTest(app)
{
    private const string Url = "/beheer/aangewezen-dagen";

    private async Task<int> StoredAsync()
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM designated_days") + await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log");
    }

    private static void AssertRefused(AppClient.Page page, HttpStatusCode status, string heading, string message)
    {
        Assert.Equal(status, page.Status);
        Assert.Equal(heading, page.Text("h1"));
        Assert.Contains(message, page.Text("[data-testid=refusal]"));
    }

    [Fact]
    public async Task MoreThan1024Fields_IsTooLarge()
    {
        var admin = await Data.SignedInAsync(Roles.Beheerder);
        var before = await StoredAsync();
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"f{i}", "x"))
            .Append(new("Day", "2023-03-01")).Append(new("Description", "Besluit X"));

        AssertRefused(await admin.PostAsync(Url, fields), HttpStatusCode.RequestEntityTooLarge, "Formulier te groot", "te veel velden");
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task AValueOver4MB_IsTooLarge()
    {
        var admin = await Data.SignedInAsync(Roles.Beheerder);
        var before = await StoredAsync();

        var page = await admin.PostAsync(Url, [new("Day", "2023-03-01"), new("Description", new string('a', 4 * 1024 * 1024 + 1))]);

        AssertRefused(page, HttpStatusCode.RequestEntityTooLarge, "Formulier te groot", "te lang");
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task ANulByte_IsInvalidCharacters()
    {
        var admin = await Data.SignedInAsync(Roles.Beheerder);
        var before = await StoredAsync();

        var page = await admin.PostAsync(Url, [new("Day", "2023-03-01"), new("Description", "Besluit\0X")]);

        AssertRefused(page, HttpStatusCode.BadRequest, "Ongeldige tekens", "stuurtekens");
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task AControlCharacterInAMultipartField_IsInvalidCharacters_NamingTheField()
    {
        var admin = await Data.SignedInAsync(Roles.Beheerder);
        var before = await StoredAsync();

        var page = await admin.PostMultipartAsync(Url, [new("Day", "2023-03-01"), new("Description", "Besluit\u0007X")], plan: null);

        AssertRefused(page, HttpStatusCode.BadRequest, "Ongeldige tekens", "stuurtekens");
        Assert.Contains("Veld Description", page.Text("[data-testid=refusal-details]"));
        Assert.Equal(before, await StoredAsync());
    }

    [Theory]
    [InlineData("gewone tekst", false)]
    [InlineData("regel 1\r\nregel 2\tmet tab", false)]
    [InlineData("nul\0", true)]
    [InlineData("bel\u0007", true)]
    [InlineData("escape\u001B[31m", true)]
    [InlineData("delete\u007F", true)]
    public void ControlCharacters_AreAllButTabAndLineBreaks(string value, bool refused) =>
        Assert.Equal(refused, UnreadableForms.HasControlCharacter(value));
}
