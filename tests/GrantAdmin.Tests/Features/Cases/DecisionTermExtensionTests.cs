using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace GrantAdmin.Tests.Features.Cases;

/// <summary>Awb 4:14: the decision term extended once, before it passed, with a reasoned letter to the gemeente; and the case page's warnings.</summary>
public sealed class DecisionTermExtensionTests(TestApp app) : AppTest(app)
{
    private const string Reason = "Wij wachten op advies van de programmacommissie over de activiteiten.";

    private async Task<int> SubmittedAsync() => (await SubmittedWithClientAsync()).Id;

    private async Task<(AppClient Gemeente, int Id)> SubmittedWithClientAsync()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id); // Wednesday 1 February 2023: decision due 29 March 2023
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        return (client, id);
    }

    private static Task<AppClient.Page> Extend(AppClient reviewer, int id, string? weeks, string? reason)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (weeks is not null) fields.Add(new("ExtensionWeeks", weeks));
        if (reason is not null) fields.Add(new("ExtensionReason", reason));
        return reviewer.PostAsync($"/behandeling/{id}/verdagen", fields, tokenFrom: $"/behandeling/{id}");
    }

    private async Task<DateOnly?> DueAsync(int id)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<DateOnly?>("SELECT decision_due_on FROM applications WHERE id = @id", new { id });
    }

    [Fact]
    public async Task Extension_MovesTheTermByExactlyNWeeks_SendsTheLetter_AndIsAllowedOnce()
    {
        var (gemeente, id) = await SubmittedWithClientAsync();
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        Assert.Equal(new DateOnly(2023, 3, 29), await DueAsync(id));
        var before = await gemeente.GetAsync($"/aanvragen/{id}");
        Assert.Equal("Ingediend", before.Text("[data-testid=state]"));
        Assert.Null(before.Html.QuerySelector("[data-testid=extension]"));

        var extended = await Extend(reviewer, id, "3", Reason);

        Assert.Equal(HttpStatusCode.Redirect, extended.Status);
        Assert.Equal(new DateOnly(2023, 4, 19), await DueAsync(id)); // 29 March + 21 days
        var mail = await App.Smtp.WaitForAsync(m => m.Subject == "Verdaging van de beslistermijn voor aanvraag SUVCO-2023-000001");
        Assert.Contains("19 april 2023", mail.TextBody);
        var letter = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        using var pdfBytes = new MemoryStream();
        await letter.Content.DecodeToAsync(pdfBytes);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(pdfBytes.ToArray()))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => ContentOrderTextExtractor.GetText(p)));
            Assert.Contains("Verdaging van de beslistermijn", text);
            Assert.Contains("SUVCO-2023-000001", text);
            Assert.Contains("19 april 2023", text);
            Assert.Contains("29 maart 2023", text);
            Assert.Contains(Reason, text);
            Assert.Contains("4:14", text);
        }

        var page = await reviewer.GetAsync($"/behandeling/{id}");
        Assert.Contains("Beslistermijn verdaagd", page.Text("[data-testid=timeline]"));
        Assert.Contains("Verdaagd met 3 weken", page.Text("[data-testid=extension]"));
        Assert.Contains("19 april 2023", page.Text("[data-testid=decision-term]"));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE application_id = @id AND action = 'BeslistermijnVerdaagd'", new { id }));

        // The gemeente sees the new last day and the same letter in its portal.
        var portal = await gemeente.GetAsync($"/aanvragen/{id}");
        Assert.Contains("wij beslissen uiterlijk op 19 april 2023", portal.Text("[data-testid=extension]"));
        var portalLetter = await gemeente.Http.GetAsync(portal.Html.QuerySelector("[data-testid=extension] a")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, portalLetter.StatusCode);
        using (var stored = UglyToad.PdfPig.PdfDocument.Open(await portalLetter.Content.ReadAsByteArrayAsync()))
            Assert.Contains("19 april 2023", string.Join("\n", stored.GetPages().Select(p => ContentOrderTextExtractor.GetText(p))));

        // A second extension, even a crafted POST, is refused and changes nothing.
        var again = await Extend(reviewer, id, "2", "Nog meer tijd nodig.");
        Assert.Contains("De beslistermijn is al verdaagd; verdagen kan maar één keer (artikel 4:14 Awb).", again.ErrorSummary);
        Assert.Equal(new DateOnly(2023, 4, 19), await DueAsync(id));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE application_id = @id AND action = 'BeslistermijnVerdaagd'", new { id }));
    }

    [Fact]
    public async Task Extension_AppliesTheAlgemeneTermijnenwet()
    {
        var id = await SubmittedAsync();
        await using (var connection = await App.Db.OpenAsync())
            // Received Thursday 2 February: due Thursday 30 March; four weeks more is Koningsdag, and Friday 28 April is
            // designated (Besluit gelijkstelling van 28 april 2023, …, shipped), so Monday 1 May.
            await connection.ExecuteAsync("UPDATE applications SET received_on = @receivedOn, decision_due_on = @due WHERE id = @id",
                new { id, receivedOn = new DateOnly(2023, 2, 2), due = new DateOnly(2023, 3, 30) });
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        await Extend(reviewer, id, "4", Reason);

        Assert.Equal(new DateOnly(2023, 5, 1), await DueAsync(id));
    }

    [Fact]
    public async Task Extension_NeedsWeeksAndAReason_AndIsRefusedAfterTheTerm()
    {
        var id = await SubmittedAsync();
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        var noReason = await Extend(reviewer, id, "3", " ");
        Assert.Contains("Geef de reden van de verdaging; de gemeente leest haar in de brief.", noReason.ErrorSummary);
        var tooLong = await Extend(reviewer, id, "9", Reason);
        Assert.Contains("Vul een verdaging in van 1 tot en met 8 weken.", tooLong.ErrorSummary);
        Assert.Equal(Reason, tooLong.Html.QuerySelector("#f-ExtensionReason")?.TextContent.Trim()); // the form keeps what was typed
        Assert.Equal(new DateOnly(2023, 3, 29), await DueAsync(id));

        // Thursday 30 March 2023: the term ended yesterday.
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 3, 30, 8, 0, 0, TimeSpan.Zero));
        reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var page = await reviewer.GetAsync($"/behandeling/{id}");
        Assert.Contains("Beslistermijn verstreken sinds 30 maart 2023", page.Text("[data-testid=term-warning]"));
        Assert.Null(page.Html.QuerySelector("form[action$='/verdagen']"));
        var late = await Extend(reviewer, id, "3", Reason);
        Assert.Contains("De beslistermijn is verstreken op 29 maart 2023; verdagen kan alleen vóór het einde van de termijn.", late.ErrorSummary);
        Assert.Equal(new DateOnly(2023, 3, 29), await DueAsync(id));
    }

    [Fact]
    public async Task CasePage_WarnsInTheLastTwoWeeks_AndOnTheLastDay()
    {
        var id = await SubmittedAsync();
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        Assert.Null((await reviewer.GetAsync($"/behandeling/{id}")).Html.QuerySelector("[data-testid=term-warning]"));

        App.Clock.SetUtcNow(new DateTimeOffset(2023, 3, 20, 8, 0, 0, TimeSpan.Zero)); // Monday 20 March: 9 days left
        reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        Assert.Contains("Nog 9 dagen", (await reviewer.GetAsync($"/behandeling/{id}")).Text("[data-testid=term-warning]"));

        App.Clock.SetUtcNow(new DateTimeOffset(2023, 3, 29, 8, 0, 0, TimeSpan.Zero));
        reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var lastDay = await reviewer.GetAsync($"/behandeling/{id}");
        Assert.Contains("Vandaag is de laatste dag van de beslistermijn", lastDay.Text("[data-testid=term-warning]"));
        Assert.NotNull(lastDay.Html.QuerySelector("form[action$='/verdagen']")); // still in time on the last day
    }
}
