using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace GrantAdmin.Tests.Support;

/// <summary>A real SMTP server (Debian's aiosmtpd) writing every mail it accepts into a Maildir.</summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private Process? process;
    public int Port { get; } = FreePort();
    public string Maildir { get; } = Path.Combine(Path.GetTempPath(), "grantadmin-mail-" + Guid.NewGuid().ToString("N"));

    public async Task StartAsync()
    {
        process = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start aiosmtpd (install python3-aiosmtpd).");
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (process.HasExited) throw new InvalidOperationException("aiosmtpd stopped: " + await process.StandardError.ReadToEndAsync());
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("aiosmtpd did not start listening.");
    }

    public async Task StopAsync()
    {
        if (process is null) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(Maildir, "new");
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder).Order().Select(f => MimeMessage.Load(f)).ToList();
    }

    public void Clear()
    {
        var folder = Path.Combine(Maildir, "new");
        if (Directory.Exists(folder)) foreach (var f in Directory.GetFiles(folder)) File.Delete(f);
    }

    /// <summary>Waits until a mail matching <paramref name="match"/> has arrived.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (Messages().FirstOrDefault(match) is { } found) return found;
            await Task.Delay(200);
        }
        throw new TimeoutException("The expected mail did not arrive. Received: " + string.Join(", ", Messages().Select(m => m.Subject)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(Maildir)) Directory.Delete(Maildir, recursive: true);
    }
}
