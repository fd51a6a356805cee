using System.Text.RegularExpressions;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Audit;

namespace GrantAdmin.Tests.Features.Audit;

/// <summary>The Dutch labels of the audit codes against the codes the source actually writes.</summary>
public sealed partial class AuditActionsTests
{
    // A code is a whole literal (not interpolated) on a line that builds an audit entry or calls an audit helper,
    // including both arms of a conditional such as `old is null ? "BestedingVastgelegd" : "BestedingGecorrigeerd"`.
    [GeneratedRegex("""(?<![$@"\w])"(?<code>[A-Z][A-Za-z]+)"(?!\s*\+)""")]
    private static partial Regex CodeLiteral();

    private static IReadOnlySet<string> CodesWrittenInSource() =>
        RepoPaths.SourceFiles("src")
            .SelectMany(File.ReadLines)
            .Where(line => line.Contains("AuditLog.Entry(", StringComparison.Ordinal) || line.Contains("AuditAsync(", StringComparison.Ordinal))
            .SelectMany(line => CodeLiteral().Matches(line).Select(m => m.Groups["code"].Value))
            .ToHashSet();

    [Fact]
    public void EveryCodeWrittenInSource_HasADutchLabel()
    {
        var codes = CodesWrittenInSource();

        Assert.Contains("ConceptOpgeslagen", codes); // the scan finds plain literals
        Assert.Contains("BestedingGecorrigeerd", codes); // and both arms of a conditional
        Assert.Contains("AmbassadeurContactVastgelegd", codes); // and a helper's argument
        Assert.Empty(codes.Where(c => !AuditActions.Labels.ContainsKey(c)));
    }

    [Fact]
    public void EveryLabel_IsForACodeTheSourceWrites()
    {
        Assert.Empty(AuditActions.Labels.Keys.Except(CodesWrittenInSource()));
    }

    [Theory]
    [InlineData("ConceptOpgeslagen", null, null, "Concept opgeslagen")]
    [InlineData("StatusGewijzigd", "Ingediend", "InBehandeling", "Status gewijzigd van Ingediend naar In behandeling")]
    [InlineData("StatusGewijzigd", null, "Ingediend", "Status gezet op Ingediend")]
    [InlineData("OnbekendeCode", null, null, "OnbekendeCode")]
    public void Describe_GivesADutchSentence(string action, string? before, string? after, string expected) =>
        Assert.Equal(expected, AuditActions.Describe(action, before, after));
}
