using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>A wrong setting stops the start with its name; a production start with a development-only setting refuses.</summary>
public sealed class SettingsTests(TestApp app) : AppTest(app)
{
    private static readonly Dictionary<string, string> WrongValues = new()
    {
        ["Mail:Port"] = "0",
        ["Pdf:Pages"] = "0",
        ["Outbox:SweepCron"] = "elke minuut",
        ["Dispatch:MaxAttempts"] = "0",
        ["Settlement:PaybackWeeks"] = "0",
        ["Security:Session:IdleTimeout"] = "00:00:00",
        ["Security:Login:FailuresPerAccount"] = "0",
        ["Limits:ConcurrentRequests"] = "0",
        ["Retention:ContactDataMonths"] = "0",
        ["Plans:MaxBytes"] = "0",
        ["Oidc:Schemes:ministerie:ClientId"] = "",
    };

    [Fact]
    public async Task Start_WithWrongValues_Refuses_NamingEverySetting()
    {
        await using var server = App.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in WrongValues) b.UseSetting(key, value);
        });

        var refusal = Assert.ThrowsAny<Exception>(() => server.Services);

        foreach (var key in WrongValues.Keys) Assert.Contains(key + ":", refusal.ToString());
    }

    [Fact]
    public void Problems_NameTheSectionAndProperty()
    {
        var problems = Settings.Problems(new MailSettings { Host = "", Port = 70_000 }, "Mail");

        Assert.Contains(problems, p => p.StartsWith("Mail:Host: ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Mail:Port: ", StringComparison.Ordinal));
        Assert.Empty(Settings.Problems(new MailSettings { Host = "smtp.example" }, "Mail"));
    }

    [Theory]
    [InlineData("Demo:Seed", "true", "Demo:Seed")]
    [InlineData("Clock:StartAt", "2023-01-01T09:00:00+01:00", "Clock:StartAt")]
    [InlineData("Mail:Port", "1025", "Mail:Host/Mail:Port")]
    [InlineData("Database:SqliteSynchronous", "Normal", "Database:SqliteSynchronous")]
    public async Task ProductionStart_WithADevelopmentSetting_Refuses_NamingIt(string key, string value, string named)
    {
        await using var server = App.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Mail:Host", "localhost");
            b.UseSetting(key, value);
        });

        var refusal = Assert.ThrowsAny<Exception>(() => server.Services);

        Assert.Contains("Production start refused", refusal.ToString());
        Assert.Contains(named, refusal.ToString());
    }

    [Fact]
    public void DevelopmentOnly_FindsNothing_InAProductionLikeConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false", ["Mail:Host"] = "smtp.ministerie.example", ["Mail:Port"] = "587",
        }).Build();

        Assert.Empty(DevelopmentOnlySettings.Problems(configuration));
    }

    [Theory]
    [InlineData(null, 2)] // FULL: a commit is on disk before it returns
    [InlineData("Full", 2)]
    [InlineData("Normal", 1)] // Development: the demo's thousands of small commits without an fsync each
    public async Task SqliteSynchronous_IsSetOnEveryConnection(string? setting, long expected)
    {
        await using var connection = SqlDialect.For("Sqlite", setting).CreateConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous";

        Assert.Equal(expected, (long)(await pragma.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        Assert.Contains("Database:SqliteSynchronous", Assert.Throws<InvalidOperationException>(() => SqlDialect.For("Sqlite", "Off")).Message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    public void DevelopmentOnly_FindsTheMailCatcher_OnAnyLoopbackName(string host)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mail:Host"] = host, ["Mail:Port"] = "1025",
        }).Build();

        Assert.Single(DevelopmentOnlySettings.Problems(configuration));
    }
}
