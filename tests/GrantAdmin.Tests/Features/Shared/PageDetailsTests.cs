using System.Net;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Shared;

/// <summary>Small things a browser or a checker trips over: the icon, autofill tokens, and fragment links to fields.</summary>
public sealed class PageDetailsTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task Favicon_IsServedToAnyone_AsAWellFormedIco()
    {
        using var anonymous = App.Client();

        var response = await anonymous.Http.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
        var ico = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0, 1, 0 }, ico[..6]); // ICONDIR: reserved, type icon, one image
        Assert.Equal(32, ico[6]); // 32 pixels wide
        var (size, offset) = (BitConverter.ToInt32(ico, 14), BitConverter.ToInt32(ico, 18));
        Assert.Equal(ico.Length, offset + size);
    }

    [Fact]
    public async Task EmailFields_AskTheBrowserForAnEmailAddress()
    {
        using var anonymous = App.Client();

        var login = await anonymous.GetAsync("/inloggen");

        var email = Assert.Single(login.Html.QuerySelectorAll("input[type=email]"));
        Assert.Equal("email", email.GetAttribute("autocomplete"));
    }

    [Fact]
    public async Task ErrorOnAnIndexedField_LinksToAnIdWithoutBrackets_ThatIsTheField()
    {
        var (gemeente, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(gemeente, id);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        var judgement = TestData.CompleteJudgement().Where(f => f.Key != "Items[1].Complete").ToList(); // item 1 missing, without a remark

        var page = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", judgement, tokenFrom: $"/behandeling/{id}");

        var targets = page.Html.QuerySelectorAll("[data-testid=error-summary] a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("#f-Items-1-Remark", targets);
        Assert.All(targets, target => Assert.NotNull(page.Html.GetElementById(target[1..])));
        Assert.Equal("Items[1].Remark", page.Html.GetElementById("f-Items-1-Remark")?.GetAttribute("name"));
        Assert.Equal("f-Items-1-Remark-error", page.Html.GetElementById("f-Items-1-Remark")?.GetAttribute("aria-describedby"));
        Assert.DoesNotContain(page.Html.QuerySelectorAll("[id]"), e => e.Id!.IndexOfAny(['[', ']']) >= 0);
    }
}
