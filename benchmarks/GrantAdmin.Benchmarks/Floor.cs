using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrantAdmin.Benchmarks;

/// <summary>
/// The floor: the least a submission can cost on this stack and this machine. ASP.NET Core (Kestrel) on 127.0.0.1 with
/// one endpoint, POST /floor, that reads the form and does one parameterised INSERT with Dapper into a SQLite file
/// (WAL, synchronous=FULL, a connection from the pool per request as the app does), then answers 302. Run as a
/// process of its own (`floor` subcommand), Server GC like the app, and measured with the same client code.
/// </summary>
public static class Floor
{
    internal const string CreateSql = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS submissions (id INTEGER PRIMARY KEY AUTOINCREMENT, received_at_utc TEXT NOT NULL, token TEXT NOT NULL);
        """;

    // Per connection, as the app sets its own pragmas on every open.
    internal const string ConnectionPragmasSql = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";

    internal const string InsertSql = """
        INSERT INTO submissions (received_at_utc, token) VALUES (@now, @token);
        SELECT last_insert_rowid();
        """;

    /// <summary>The `floor DB PORT` subcommand: serves until the process is stopped.</summary>
    public static async Task ServeAsync(string path, int port)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync(CreateSql);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        // As the app's appsettings.json: Information, but Microsoft.AspNetCore only from Warning (no line per request).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/floor", () => Results.Text("ok"));
        app.MapPost("/floor", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync(ConnectionPragmasSql);
            var id = await connection.ExecuteScalarAsync<long>(InsertSql, new { now = TimeProvider.System.GetUtcNow().UtcDateTime, token = form["__RequestVerificationToken"].ToString() });
            return Results.Redirect($"/floor/{id}");
        });
        await app.RunAsync();
    }

    public sealed record Run(BurstResult Burst, ProcessMeter.CpuSample Cpu, double LoadBefore, double LoadAfter, (DateTime First, DateTime Last)? Recorded);

    /// <summary>Starts a fresh floor process on a new file, opens N connections (one GET each), releases N POSTs at once, stops it.</summary>
    public static async Task<Run> BurstAsync(string workDir, int count, string label)
    {
        await using var floor = await StartAsync(workDir, label);
        var clients = Enumerable.Range(0, count).Select(_ => BurstClient.Connection(floor.BaseAddress, null)).ToList();
        try
        {
            await BurstClient.OpenConnectionsAsync(clients, "/floor");
            var loadBefore = ProcessMeter.LoadAverage();
            var before = ProcessMeter.Cpu(floor.Process.Pid);
            var burst = await BurstClient.BurstAsync(clients.Select(c => (c, NewShot())).ToList());
            var cpu = ProcessMeter.Cpu(floor.Process.Pid) - before;
            var loadAfter = ProcessMeter.LoadAverage();
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = floor.Database }.ToString());
            var moments = (await connection.QueryAsync<string>("SELECT received_at_utc FROM submissions")).Select(m => Verification.Moment(m)!.Value).ToList();
            return new Run(burst, cpu, loadBefore, loadAfter, moments.Count == 0 ? null : (moments.Min(), moments.Max()));
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    public sealed record SustainedRun(SustainedResult Result, ProcessMeter.CpuSample Cpu);

    /// <summary>POSTs streamed over <paramref name="lanes"/> connections for <paramref name="duration"/>.</summary>
    public static async Task<SustainedRun> SustainedAsync(string workDir, int lanes, TimeSpan duration)
    {
        await using var floor = await StartAsync(workDir, "sustained");
        var clients = Enumerable.Range(0, lanes).Select(_ => BurstClient.Connection(floor.BaseAddress, null)).ToList();
        try
        {
            await BurstClient.OpenConnectionsAsync(clients, "/floor");
            var before = ProcessMeter.Cpu(floor.Process.Pid);
            var result = await BurstClient.SustainedAsync(clients, NewShot, duration);
            return new SustainedRun(result, ProcessMeter.Cpu(floor.Process.Pid) - before);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>A POST shaped like the app's submission: one form field the size of an anti-forgery token.</summary>
    private static Shot NewShot()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(116)).Replace('+', '-').Replace('/', '_');
        return new Shot(() => new HttpRequestMessage(HttpMethod.Post, "/floor")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        }, location => location.StartsWith("/floor/", StringComparison.Ordinal));
    }

    private sealed class Started(ChildProcess process, Uri baseAddress, string database) : IAsyncDisposable
    {
        public ChildProcess Process { get; } = process;
        public Uri BaseAddress { get; } = baseAddress;
        public string Database { get; } = database;
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    private static async Task<Started> StartAsync(string workDir, string label)
    {
        var port = ChildProcess.FreePort();
        var name = $"floor-{label}-{Guid.NewGuid():N}"[..24];
        var database = Path.Combine(workDir, name + ".db");
        var process = ChildProcess.StartDotnet(typeof(Floor).Assembly.Location, ["floor", database, port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" }, Path.Combine(workDir, name + ".log"));
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        try
        {
            await process.WaitUntilReadyAsync(new Uri(baseAddress, "/floor").ToString(), TimeSpan.FromSeconds(60));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new Started(process, baseAddress, database);
    }
}
