using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Benchmarks;

/// <summary>
/// GrantAdmin as it runs in production, in a process of its own: Release build, ASPNETCORE_ENVIRONMENT=Production (no demo
/// data), plain http on 127.0.0.1 (so cookies without Secure), a fresh SQLite file that the app migrates and loads with the
/// reference data on start, its own data-protection key ring, and mail to the SMTP sink the wrapper started.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    public required ChildProcess Process { get; init; }
    public required Uri BaseAddress { get; init; }
    public required Db Db { get; init; }

    public static async Task<AppServer> StartAsync(WindowOpening.Options options, string workDir, string label)
    {
        var port = ChildProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var database = Path.Combine(workDir, "grantadmin.db");
        var process = ChildProcess.StartDotnet(options.AppDll, ["--contentRoot", Path.GetFullPath(options.ContentRoot)], new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/'),
            ["Security__HttpsOnlyCookies"] = "false",
            // Every gemeente signs in from 127.0.0.1 while the drafts are prepared: the per-address sign-in limit would refuse them.
            ["Security__Login__AttemptsPerAddress"] = "1000000",
            ["ConnectionStrings__GrantAdmin"] = $"Data Source={database}",
            ["Database__Engine"] = "Sqlite",
            ["Mail__Host"] = "127.0.0.1",
            ["Mail__Port"] = options.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, Path.Combine(workDir, $"app-{label}.log"));
        try
        {
            await process.WaitUntilReadyAsync(new Uri(baseAddress, "/inloggen").ToString(), TimeSpan.FromSeconds(120));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new AppServer { Process = process, BaseAddress = baseAddress, Db = new Db($"Data Source={database}", SqlDialect.Sqlite) };
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
