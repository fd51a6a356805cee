using GrantAdmin.Web.Features.Deadlines;
using static GrantAdmin.Tests.Features.Deadlines.Dates;

namespace GrantAdmin.Tests.Features.Deadlines;

public sealed class DeadlineWarningTests
{
    [Theory]
    [InlineData("2023-04-01", 31, DeadlineWarning.None)]
    [InlineData("2023-03-16", 15, DeadlineWarning.None)]
    [InlineData("2023-03-15", 14, DeadlineWarning.TwoWeeksLeft)]
    [InlineData("2023-03-02", 1, DeadlineWarning.TwoWeeksLeft)]
    [InlineData("2023-03-01", 0, DeadlineWarning.DueToday)]
    [InlineData("2023-02-28", -1, DeadlineWarning.Overdue)]
    [InlineData("2022-03-01", -365, DeadlineWarning.Overdue)]
    public void DeadlineSeenOnFirstOfMarch_DaysLeftAndWarning(string deadline, int daysLeft, DeadlineWarning warning)
    {
        var today = D("2023-03-01");

        Assert.Equal(daysLeft, Terms.DaysLeft(today, D(deadline)));
        Assert.Equal(warning, Terms.Warning(today, D(deadline)));
    }
}
