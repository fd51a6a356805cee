using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GrantAdmin.Tests.Support;

/// <summary>
/// The app in a process of its own on a real port (Development, so that the clock can start at a given moment), on a
/// given SQLite file, sending mail to a given SMTP server: a process that a test can kill with SIGKILL and start again.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;

    private AppProcess(Process process, Uri address, string log)
    {
        this.process = process;
        Address = address;
        Log = log;
    }

    public Uri Address { get; }
    public string Log { get; }

    /// <summary>Starts the app on <paramref name="port"/> (the same one again after a kill, so clients keep their address and cookies).</summary>
    public static async Task<AppProcess> StartAsync(int port, string databasePath, int smtpPort, DateTimeOffset clockStartsAt,
        IDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{port}");
        var log = Path.Combine(Path.GetTempPath(), $"grantadmin-process-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "GrantAdmin.Web.dll"), "--urls", address.ToString().TrimEnd('/'),
            "--contentRoot", Path.Combine(RepoPaths.Root, "src", "GrantAdmin.Web")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__GrantAdmin"] = $"Data Source={databasePath}";
        start.Environment["Database__Engine"] = "Sqlite";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Clock__StartAt"] = clockStartsAt.ToString("O");
        start.Environment["Security__HttpsOnlyCookies"] = "false";
        start.Environment["Security__Login__AttemptsPerAddress"] = "1000000"; // every client signs in from 127.0.0.1
        start.Environment["Mail__Host"] = "127.0.0.1";
        start.Environment["Mail__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var writer = File.AppendText(log);
        process.OutputDataReceived += (_, e) => { lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (writer) writer.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (writer) writer.Flush(); };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app stopped at start; see {log}.");
            try
            {
                if ((await probe.GetAsync("/inloggen")).StatusCode == HttpStatusCode.OK) return new AppProcess(process, address, log);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        process.Kill();
        throw new TimeoutException($"The app did not answer within 90 s; see {log}.");
    }

    /// <summary>A client with its own cookies that does not follow redirects.</summary>
    public AppClient Client() => new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60),
    });

    /// <summary>SIGKILL, at once: no shutdown, no flush, nothing the process could still finish.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill();
    }

    public async Task KillAsync()
    {
        Kill();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
