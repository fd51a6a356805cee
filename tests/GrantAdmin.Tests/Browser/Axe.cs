using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace GrantAdmin.Tests.Browser;

/// <summary>axe-core (embedded in the package, so offline) against the WCAG 2.1 A and AA rules.</summary>
public static class Axe
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        ResultTypes = [ResultType.Violations],
    };

    private static readonly HashSet<string> Blocking = ["serious", "critical"];

    /// <summary>Fails when axe reports a serious or critical violation on the page as it is now.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(Wcag21AA);
        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact ?? "")).ToList();
        Assert.True(blocking.Count == 0, $"axe on {page.Url}:\n" + string.Join("\n", blocking.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes.Select(n => $"{n.Target}: {Checks(n)}")))));
    }

    private static string Checks(AxeResultNode node) => string.Join("; ",
        new[] { node.Any, node.All, node.None }.Where(c => c is not null).SelectMany(c => c).Select(c => c.Message).Distinct());
}
