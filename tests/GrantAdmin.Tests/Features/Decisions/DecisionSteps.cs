using System.Net;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Decisions;

/// <summary>The steps to a decision through the real pipeline, shared by the decision and dispatch tests.</summary>
public sealed class DecisionSteps(TestApp app)
{
    private TestData Data => new(app);

    public static List<KeyValuePair<string, string>> Judgement(bool complete)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var codes = GrantAdmin.Web.Features.ReferenceData.ReferenceDataLoader.DefaultChecklist.Select(c => c.Code).ToList();
        for (var i = 0; i < codes.Count; i++)
        {
            fields.Add(new($"Items[{i}].Code", codes[i]));
            if (complete || i > 0) fields.Add(new($"Items[{i}].Complete", "true"));
            else fields.Add(new($"Items[{i}].Remark", $"{codes[i]} ontbreekt"));
        }
        if (!complete) { fields.Add(new("Explanation", "Graag aanvullen.")); fields.Add(new("TermDays", "14")); }
        return fields;
    }

    /// <summary>Submitted by the gemeente, taken and judged by a Behandelaar (complete, or an aanvulverzoek).</summary>
    public async Task<(AppClient Reviewer, int Id)> JudgedAsync(string code, bool complete = true)
    {
        var (client, id) = await Data.CompleteDraftAsync(code);
        await TestData.SubmitAsync(client, id);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        var judged = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Judgement(complete), tokenFrom: $"/behandeling/{id}");
        Assert.Equal(HttpStatusCode.Redirect, judged.Status);
        return (reviewer, id);
    }

    public static Task<AppClient.Page> Prepare(AppClient user, int id, string kind, string? ground = null, string? explanation = null) =>
        user.PostAsync($"/behandeling/{id}/besluit",
            [new("Kind", kind), new("Ground", ground ?? ""), new("Explanation", explanation ?? "")], tokenFrom: $"/behandeling/{id}");

    public static Task<AppClient.Page> Approve(AppClient user, int id, params KeyValuePair<string, string>[] extra) =>
        user.PostAsync($"/behandeling/{id}/besluit/accorderen", extra, tokenFrom: $"/behandeling/{id}");
}
