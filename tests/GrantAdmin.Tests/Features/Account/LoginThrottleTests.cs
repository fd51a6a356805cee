using System.Diagnostics;
using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrantAdmin.Tests.Features.Account;

/// <summary>
/// The app with the login throttle at small limits, and each client at an address of its own (the in-memory server has
/// none): the "X-Test-Address" header becomes the connection's remote address.
/// </summary>
public sealed class LoginThrottleApp : TestApp
{
    public const int AttemptsPerAddress = 12;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Security:Login:AttemptsPerAddress", AttemptsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Security:Login:AddressWindow", "01:00:00");
        builder.UseSetting("Security:Login:FailuresPerAccount", "5");
        builder.UseSetting("Security:Login:AccountWindow", "00:15:00");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, AddressFromHeader>());
    }

    public AppClient ClientAt(string address)
    {
        var client = Client();
        client.Http.DefaultRequestHeaders.Add("X-Test-Address", address);
        return client;
    }

    private sealed class AddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers["X-Test-Address"] is [{ } address]) context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>
/// Logins are throttled per address and per account, in memory: a known and an unknown account get the same answers in
/// comparable time, and whatever anonymous requests one address sends, they store at most a few short rows.
/// </summary>
[Collection(OwnAppCollection.Name)]
public sealed class LoginThrottleTests(LoginThrottleApp app) : IClassFixture<LoginThrottleApp>, IAsyncLifetime
{
    private const string WrongCredentials = "Het e-mailadres of het wachtwoord klopt niet.";
    private const string Refused = "Te veel mislukte pogingen met dit e-mailadres. Wacht 15 minuten en probeer het dan opnieuw.";
    private const string WrongPassword = "Fout-wachtwoord-999";

    public async ValueTask InitializeAsync() => await app.ResetAsync();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task KnownAndUnknownAccounts_GetTheSameAnswers_AndAreRefusedAfterFiveFailures_EvenWithTheRightPassword()
    {
        var known = await new TestData(app).UserAsync(Roles.Behandelaar);
        const string unknown = "niemand.throttle@test.example";

        var knownAnswers = await AnswersAsync(app.ClientAt("10.0.0.1"), known);
        var unknownAnswers = await AnswersAsync(app.ClientAt("10.0.0.2"), unknown);

        Assert.Equal([WrongCredentials, WrongCredentials, WrongCredentials, WrongCredentials, WrongCredentials, Refused, Refused], knownAnswers);
        Assert.Equal(knownAnswers, unknownAnswers);
        // Only the failure that tripped the throttle is audited, once per account.
        await using var connection = await app.Db.OpenAsync();
        var audited = (await connection.QueryAsync<string>("SELECT details FROM audit_log WHERE action = 'InloggenGeblokkeerd' ORDER BY id")).AsList();
        Assert.Equal([$"5 mislukte pogingen: {known}", $"5 mislukte pogingen: {unknown}"], audited);
        Assert.Equal(2, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log"));
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM user_sessions"));
    }

    [Fact]
    public async Task WrongCurrentPasswords_AtPasswordChange_CountAgainstTheAccount()
    {
        var email = await new TestData(app).UserAsync(Roles.Behandelaar);
        using var session = app.ClientAt("10.0.4.1");
        await session.LoginAsync(email);
        KeyValuePair<string, string>[] Change(string current) =>
            [new("CurrentPassword", current), new("NewPassword", "Nieuw-wachtwoord-456"), new("ConfirmPassword", "Nieuw-wachtwoord-456")];

        for (var attempt = 0; attempt < 5; attempt++)
            Assert.Equal("Uw huidige wachtwoord klopt niet.", (await session.PostAsync("/wachtwoord", Change(WrongPassword))).FieldError("CurrentPassword"));
        var refused = await session.PostAsync("/wachtwoord", Change(TestData.Password));

        Assert.Equal("Te veel pogingen met een onjuist wachtwoord. Wacht 15 minuten en probeer het dan opnieuw.", refused.FieldError("CurrentPassword"));
        using var elsewhere = app.ClientAt("10.0.4.2");
        Assert.Equal(Refused, (await elsewhere.AttemptLoginAsync(email, TestData.Password)).FieldError("Email"));
        await using var connection = await app.Db.OpenAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'WachtwoordGewijzigd'"));
    }

    [Fact]
    public async Task AnAddress_BeyondItsAttempts_Gets429WithADutchPage_WhileAnotherAddressSignsIn()
    {
        using var flooder = app.ClientAt("10.0.1.1");
        for (var attempt = 0; attempt < LoginThrottleApp.AttemptsPerAddress; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await flooder.AttemptLoginAsync($"poging{attempt}@test.example", WrongPassword)).Status);

        var refused = await flooder.AttemptLoginAsync("nog.een@test.example", WrongPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("Te veel pogingen", refused.Text("h1"));
        Assert.Contains("Wacht een paar minuten", refused.Text("main"));
        Assert.True(refused.Response.Headers.RetryAfter is not null);
        using var colleague = app.ClientAt("10.0.1.2");
        Assert.Equal("/behandeling", (await colleague.AttemptLoginAsync(await new TestData(app).UserAsync(Roles.Behandelaar), TestData.Password)).RedirectPath);
    }

    [Fact]
    public async Task ManyAnonymousFailedLogins_FromOneAddress_StoreAtMostAFewShortRows()
    {
        using var anonymous = app.ClientAt("10.0.2.1");
        var longAddress = new string('a', 240) + "@test.example"; // as long as the field allows
        var answers = new List<HttpStatusCode>();

        for (var attempt = 0; attempt < 60; attempt++)
            answers.Add((await anonymous.AttemptLoginAsync(attempt % 2 == 0 ? longAddress : $"{attempt}{longAddress}"[..254], WrongPassword)).Status);

        Assert.Equal(LoginThrottleApp.AttemptsPerAddress, answers.Count(s => s == HttpStatusCode.OK));
        Assert.All(answers.Skip(LoginThrottleApp.AttemptsPerAddress), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        await using var connection = await app.Db.OpenAsync();
        // 12 attempts from this address, at most one audited row per five failures on one e-mail address.
        Assert.True(await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log") <= LoginThrottleApp.AttemptsPerAddress / 5);
        Assert.True(await connection.QuerySingleAsync<long>("SELECT COALESCE(SUM(LENGTH(details)), 0) FROM audit_log") <= 2 * 300);
    }

    [Fact]
    public async Task AWrongPassword_AndAnUnknownAccount_TakeComparableTime()
    {
        var known = await new TestData(app).UserAsync(Roles.Behandelaar);
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();

        // Four attempts per account and address stay under both limits; interleaved, so load on the machine hits both.
        for (var round = 0; round < 3; round++)
            for (var attempt = 0; attempt < 4; attempt++)
            {
                using var client = app.ClientAt($"10.0.3.{round * 10 + attempt}");
                knownTimes.Add(await TimedAsync(client, round == 0 ? known : await new TestData(app).UserAsync(Roles.Behandelaar)));
                unknownTimes.Add(await TimedAsync(client, $"onbekend{round}.{attempt}@test.example"));
            }

        var (knownMedian, unknownMedian) = (Median(knownTimes), Median(unknownTimes));
        Assert.True(Math.Max(knownMedian, unknownMedian) < 3 * Math.Min(knownMedian, unknownMedian),
            $"median {knownMedian:0.0} ms for a known account, {unknownMedian:0.0} ms for an unknown one");
    }

    private static async Task<List<string?>> AnswersAsync(AppClient client, string email)
    {
        var answers = new List<string?>();
        for (var attempt = 0; attempt < 5; attempt++) answers.Add((await client.AttemptLoginAsync(email, WrongPassword)).FieldError("Email"));
        for (var attempt = 0; attempt < 2; attempt++) answers.Add((await client.AttemptLoginAsync(email, TestData.Password)).FieldError("Email"));
        client.Dispose();
        return answers;
    }

    private static async Task<double> TimedAsync(AppClient client, string email)
    {
        var token = await client.TokenAsync("/inloggen");
        var started = Stopwatch.GetTimestamp();
        var response = await client.Http.PostAsync("/inloggen", new FormUrlEncodedContent(
            [new("Email", email), new("Password", WrongPassword), new("__RequestVerificationToken", token)]));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return elapsed;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
