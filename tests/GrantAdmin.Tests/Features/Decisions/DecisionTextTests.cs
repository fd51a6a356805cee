using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Decisions;

namespace GrantAdmin.Tests.Features.Decisions;

/// <summary>Free text on its way into a decision letter (issue 13 items 9 and 14): bounded, and never reordered by bidi controls.</summary>
public sealed class DecisionTextTests(TestApp app) : AppTest(app)
{
    private const string Why = "Geen activiteiten uit de regeling.";

    private DecisionSteps Steps => new(App);

    private async Task<(string? Explanation, string State)?> DecisionAsync(int id)
    {
        await using var connection = await App.Db.OpenAsync();
        var state = await connection.QuerySingleAsync<string>("SELECT state FROM applications WHERE id = @id", new { id });
        var explanation = await connection.QuerySingleOrDefaultAsync<string?>("SELECT explanation FROM decisions WHERE application_id = @id", new { id });
        return (explanation, state);
    }

    private async Task<string> LetterAsync(int id)
    {
        var approved = await DecisionSteps.Approve(await Data.SignedInAsync(Roles.Accordeerder), id);
        Assert.Equal(HttpStatusCode.Redirect, approved.Status);
        var mail = await App.Smtp.WaitForAsync(m => m.Subject.StartsWith("Besluit op aanvraag", StringComparison.Ordinal));
        Assert.DoesNotContain('\u202E', mail.TextBody);
        return await Letters.TextAsync(mail);
    }

    [Fact]
    public async Task OverlongExplanation_IsRefusedAtTheField_AndNothingIsStored()
    {
        var (reviewer, id) = await Steps.JudgedAsync(TestData.Utrecht);

        var page = await DecisionSteps.Prepare(reviewer, id, nameof(DecisionKind.Afwijzing), PrepareDecision.NotEligibleGround, new string('x', 200_000));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Gebruik hier hoogstens 4.000 tekens; u gebruikte er 200.000. Maak de tekst korter.", page.FieldError("Explanation"));
        Assert.Equal((null, "Volledig"), await DecisionAsync(id));
    }

    [Fact]
    public async Task ExplanationOfExactlyTheMaximum_IsPrepared()
    {
        var (reviewer, id) = await Steps.JudgedAsync(TestData.Utrecht);

        var page = await DecisionSteps.Prepare(reviewer, id, nameof(DecisionKind.Afwijzing), PrepareDecision.NotEligibleGround, new string('x', 4000));

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal(4000, (await DecisionAsync(id))!.Value.Explanation!.Length);
    }

    [Fact]
    public async Task RightToLeftOverride_InAnExplanation_IsNotStored_NorPrinted()
    {
        var (reviewer, id) = await Steps.JudgedAsync(TestData.Utrecht);

        var prepared = await DecisionSteps.Prepare(reviewer, id, nameof(DecisionKind.Afwijzing), PrepareDecision.NotEligibleGround,
            "Geen activiteiten \u202Euit de regeling\u202C.");

        Assert.Equal(HttpStatusCode.Redirect, prepared.Status);
        Assert.Equal(Why, (await DecisionAsync(id))!.Value.Explanation);
        var letter = await LetterAsync(id);
        Assert.Contains(Why, letter);
        Assert.DoesNotContain('\u202E', letter);
    }

    [Fact]
    public async Task RightToLeftOverride_StoredBeforeTheFix_IsNotPrinted()
    {
        var (reviewer, id) = await Steps.JudgedAsync(TestData.Utrecht);
        await DecisionSteps.Prepare(reviewer, id, nameof(DecisionKind.Afwijzing), PrepareDecision.NotEligibleGround, Why);
        await using (var connection = await App.Db.OpenAsync())
            await connection.ExecuteAsync("UPDATE decisions SET explanation = @explanation WHERE application_id = @id",
                new { id, explanation = "Geen activiteiten \u202Euit de regeling\u202C." });

        var letter = await LetterAsync(id);

        Assert.Contains(Why, letter);
        Assert.DoesNotContain('\u202E', letter);
    }
}
