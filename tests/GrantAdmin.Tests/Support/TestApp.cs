using System.Data.Common;
using GrantAdmin.Web.Features.ReferenceData;
using GrantAdmin.Web.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Respawn;

namespace GrantAdmin.Tests.Support;

/// <summary>
/// The real application (MVC pipeline, Hangfire, outbox, Chromium PDFs) on a real database file and a real
/// SMTP server. SQLite by default; SQL Server when GRANTADMIN_TEST_SQLSERVER holds a connection string.
/// </summary>
public class TestApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly string? SqlServerConnectionString = Environment.GetEnvironmentVariable("GRANTADMIN_TEST_SQLSERVER");
    public static bool OnSqlServer => !string.IsNullOrWhiteSpace(SqlServerConnectionString);

    /// <summary>Tests start on 1 Feb 2023, 10:00 Amsterdam time: round 2023 is open.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2023, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"grantadmin-test-{Guid.NewGuid():N}.db");
    private Respawner? respawner;

    public SmtpServer Smtp { get; } = new();
    public TestClock Clock { get; } = new(DefaultNow);
    public CapturedLog Log { get; } = new();
    public Db Db => Services.GetRequiredService<Db>();
    public string ConnectionString => OnSqlServer ? SqlServerConnectionString! : $"Data Source={databasePath}";

    protected virtual string EnvironmentName => "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Database:Engine", OnSqlServer ? "SqlServer" : "Sqlite");
        builder.UseSetting("ConnectionStrings:GrantAdmin", ConnectionString);
        builder.UseSetting("Mail:Host", "127.0.0.1");
        builder.UseSetting("Mail:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Hangfire:ProcessWideLogsOff", "true"); // several apps live and die in this one test process
        // Tests run the reminder job themselves with the test clock; an hourly run on the wall clock would
        // drop reminders into whatever test is running at the full hour. (It is still triggered once at start.)
        builder.UseSetting("Reminders:Cron", Cron.Never());
        // Every test signs in from the same address and some fail on purpose; the throttle's own tests set real limits.
        builder.UseSetting("Security:Login:AttemptsPerAddress", "1000000");
        builder.UseSetting("Security:Login:FailuresPerAccount", "1000000");
        // Tests move the clock by hours and days with a user signed in; SessionTests run with the real timeouts.
        builder.UseSetting("Security:Session:IdleTimeout", "3650.00:00:00");
        builder.UseSetting("Security:Session:AbsoluteTimeout", "3650.00:00:00");
        ConfigureSettings(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureLogging(logging => logging.AddProvider(Log.NewProvider()));
    }

    protected virtual void ConfigureSettings(IWebHostBuilder builder) { }

    public virtual async ValueTask InitializeAsync()
    {
        await Smtp.StartAsync();
        _ = Services; // build the host: migrates and loads reference data
        // The formatter production's console uses (appsettings Logging:Console), with its configured options.
        Log.FormatAsJson(Services.GetServices<Microsoft.Extensions.Logging.Console.ConsoleFormatter>()
            .Single(f => f.Name == Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Json));
        await using var connection = await Db.OpenAsync();
        respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = OnSqlServer ? DbAdapter.SqlServer : DbAdapter.Sqlite,
            TablesToIgnore = ["SchemaVersions", "municipalities", "municipality_lists", "data_protection_keys", "data_versions"], // the key ring outlives a test, as in production; the data version only grows (a reset must not let an old version come back)
            SchemasToExclude = OnSqlServer ? ["HangFire"] : [],
            WithReseed = true,
        });
    }

    /// <summary>Empties every table but the gemeente lists, reloads the rounds, clears mail, resets the clock.</summary>
    public async Task ResetAsync()
    {
        await using (var connection = await Db.OpenAsync())
            await respawner!.ResetAsync(connection);
        // A job of the previous test (a receipt mail) may still be under way: let it end, so that its mail is
        // cleared below instead of arriving in the next test. Jobs starting now find no rows left to act on.
        await BackgroundJobsIdleAsync();
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync();
        Smtp.Clear();
        Service<VersionedCache>().Clear();
        Clock.SetUtcNow(DefaultNow);
    }

    private async Task BackgroundJobsIdleAsync()
    {
        var monitoring = Service<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (monitoring.ProcessingCount() + monitoring.Queues().Sum(q => q.Length) > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Background jobs of the previous test did not finish.");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until every mail the outbox was asked to send is out: no pending row, no background job under way.</summary>
    public async Task OutboxIdleAsync()
    {
        var monitoring = Service<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await using var connection = await Db.OpenAsync();
        while (await Dapper.SqlMapper.QuerySingleAsync<int>(connection, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'Pending'") > 0
               || monitoring.ProcessingCount() + monitoring.Queues().Sum(q => q.Length) > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The outbox did not empty.");
            await Task.Delay(100);
        }
    }

    /// <summary>What the background work is doing, for a test that waited in vain: Hangfire's counts and failures, dispatch items.</summary>
    public async Task<string> BackgroundStateAsync()
    {
        var monitoring = Service<JobStorage>().GetMonitoringApi();
        var failed = monitoring.FailedJobs(0, 5).Select(j => $"{j.Value.Job?.Method.Name}: {j.Value.ExceptionMessage}");
        var processing = monitoring.ProcessingJobs(0, 20).Select(j => $"{j.Value.Job?.Method.Name} since {j.Value.StartedAt:HH:mm:ss}");
        await using var connection = await Db.OpenAsync();
        var items = await Dapper.SqlMapper.QueryAsync<(int Id, string Status, int Attempts, string? Error)>(connection,
            "SELECT id, status, attempts, last_error FROM decision_dispatch_items");
        return $"Hangfire: {monitoring.ProcessingCount()} processing [{string.Join("; ", processing)}], "
            + $"{monitoring.Queues().Sum(q => q.Length)} queued, failed [{string.Join("; ", failed)}]; dispatch items [{string.Join("; ", items)}]";
    }

    /// <summary>Waits until the outbox is idle, then returns the mails whose subject contains <paramref name="subjectPart"/>.</summary>
    public async Task<List<MimeKit.MimeMessage>> DeliveredAsync(string subjectPart)
    {
        await OutboxIdleAsync();
        return Smtp.Messages().Where(m => m.Subject.Contains(subjectPart, StringComparison.Ordinal)).ToList();
    }

    public AppClient Client() => new(CreateHttpClient());

    /// <summary>A client that keeps cookies and does not follow redirects, against the in-memory TestServer.</summary>
    protected virtual HttpClient CreateHttpClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true,
    });

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public new virtual async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        if (!OnSqlServer)
            foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
                if (File.Exists(file)) File.Delete(file);
    }
}

/// <summary>One shared application for the tests that go through the app; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<TestApp>
{
    public const string Name = "app";
}

/// <summary>Base for tests on the shared app: each test starts from empty tables and a known clock.</summary>
[Collection(AppCollection.Name)]
public abstract class AppTest(TestApp app) : IAsyncLifetime
{
    protected TestApp App { get; } = app;
    protected TestData Data => new(App);

    public virtual async ValueTask InitializeAsync() => await App.ResetAsync();
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
