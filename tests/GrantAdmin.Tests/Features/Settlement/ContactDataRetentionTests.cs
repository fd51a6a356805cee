using System.Net;
using CsCheck;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Settlement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GrantAdmin.Tests.Features.Settlement;

/// <summary>The rule: details are kept through the retention period after the vaststelling was sent, removed the day after.</summary>
public sealed class ContactDataRetentionRulesTests
{
    private static readonly Gen<DateOnly> Day = Gen.Int[0, 4000].Select(d => new DateOnly(2022, 1, 1).AddDays(d));
    private static readonly Gen<int> Months = Gen.Int[1, 240];

    [Fact]
    public void NeverDue_OnOrBeforeTheLastDayKept() =>
        Gen.Select(Day, Months, Gen.Int[0, 400]).Sample((settled, months, back) =>
            !ContactDataRetentionRules.IsDue(settled, months, ContactDataRetentionRules.KeptUntil(settled, months).AddDays(-back)));

    [Fact]
    public void OnceDue_StaysDue() =>
        Gen.Select(Day, Months, Day, Gen.Int[0, 400]).Sample((settled, months, today, later) =>
            !ContactDataRetentionRules.IsDue(settled, months, today) || ContactDataRetentionRules.IsDue(settled, months, today.AddDays(later)));

    [Theory]
    [InlineData("2023-01-31", 1, "2023-02-28", false)] // the month has no 31st: kept through its last day
    [InlineData("2023-01-31", 1, "2023-03-01", true)]
    [InlineData("2024-02-29", 12, "2025-02-28", false)]
    [InlineData("2024-02-29", 12, "2025-03-01", true)]
    [InlineData("2023-08-04", 12, "2024-08-04", false)]
    [InlineData("2023-08-04", 12, "2024-08-05", true)]
    public void MonthEnds(string settled, int months, string today, bool due) =>
        Assert.Equal(due, ContactDataRetentionRules.IsDue(DateOnly.Parse(settled), months, DateOnly.Parse(today)));
}

/// <summary>The recurring job against the real app: a settled case loses its contact person after the period, audited without the data.</summary>
public sealed class ContactDataRetentionJobTests(TestApp app) : AppTest(app)
{
    /// <summary>Monday 4 August 2025, 10:00 in Amsterdam: after the SiSa reports over 2023 and 2024 were due.</summary>
    private static readonly DateTimeOffset AfterSisa = new(2025, 8, 4, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SettledCase_LosesContactDetails_TheDayAfterThePeriod_AuditedWithoutThem_AndOnlyOnce()
    {
        var granted = await Data.GrantedApplicationAsync(TestData.Groningen); // granted, not settled: kept whatever the date
        var settled = await SettledApplicationAsync();
        var contact = TestData.CompleteForm();

        App.Clock.SetUtcNow(new DateTimeOffset(2026, 8, 4, 20, 0, 0, TimeSpan.Zero)); // 4 Aug 2026, 22:00: the last day kept (12 months)
        Assert.Equal(0, await RunAsync());
        Assert.Equal((contact["ContactName"], contact["ContactEmail"], contact["ContactPhone"]), await ContactAsync(settled));

        App.Clock.SetUtcNow(new DateTimeOffset(2026, 8, 4, 22, 0, 0, TimeSpan.Zero)); // 5 Aug 2026, 00:00 in Amsterdam
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());

        Assert.Equal((null, null, null), await ContactAsync(settled));
        Assert.Equal(contact["ContactName"], (await ContactAsync(granted)).Name);
        var audit = (await App.Db.QueryAsync<(string Action, string Details, string? Before, string? After)>(
            "SELECT action, details, before_value, after_value FROM audit_log WHERE application_id = @settled AND action = 'ContactgegevensVerwijderd'",
            new { settled })).Single();
        Assert.Equal("bewaartermijn 12 maanden na vaststelling van 2025-08-04", audit.Details);
        foreach (var value in new[] { contact["ContactName"], contact["ContactEmail"], contact["ContactPhone"] })
            Assert.DoesNotContain(value, $"{audit.Details} {audit.Before} {audit.After}");
        Assert.Equal(["Vastgesteld"], await App.Db.QueryAsync<string>("SELECT state FROM applications WHERE id = @settled", new { settled }));
    }

    [Fact]
    public async Task Period_IsASetting()
    {
        await using var server = App.WithWebHostBuilder(b => b.UseSetting("Retention:ContactDataMonths", "36"));

        Assert.Equal(36, server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetentionSettings>>().Value.ContactDataMonths);
    }

    private async Task<int> RunAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContactDataRetentionJob>().ExecuteAsync(CancellationToken.None);
    }

    private async Task<(string? Name, string? Email, string? Phone)> ContactAsync(int id)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<(string?, string?, string?)>(
            "SELECT contact_name, contact_email, contact_phone FROM applications WHERE id = @id", new { id });
    }

    /// <summary>Utrecht's verlening, spending recorded, the vaststelling prepared and approved on 4 August 2025.</summary>
    private async Task<int> SettledApplicationAsync()
    {
        var id = await Data.GrantedApplicationAsync(TestData.Utrecht);
        await App.DeliveredAsync("Besluit op aanvraag");
        App.Clock.SetUtcNow(AfterSisa);
        var page = $"/behandeling/{id}/vaststelling";
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        foreach (var year in new[] { "2023", "2024" })
            Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync($"{page}/besteding", [new("Year", year), new("Amount", "25.000")], tokenFrom: page)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync(page, [new("Explanation", "")], tokenFrom: page)).Status);
        using var approver = await Data.SignedInAsync(Roles.Accordeerder);
        Assert.Equal(HttpStatusCode.Redirect, (await approver.PostAsync($"{page}/accorderen", [], tokenFrom: page)).Status);
        await App.OutboxIdleAsync();
        return id;
    }
}
