using System.Net;
using System.Net.Sockets;
using AngleSharp.Html.Parser;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// Production as deployed: plain http on Kestrel behind a TLS proxy at 127.0.0.1 (the only known proxy), with Secure-only
/// cookies. Each response says which client address the app saw (a test-only header), so the forwarded address shows.
/// </summary>
public sealed class ProxiedApp : TestApp
{
    public const string SeenClientHeader = "X-Test-Seen-Client";

    public ProxiedApp() => UseKestrel(0);

    public Uri BaseAddress { get; private set; } = null!;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ReportSeenClient>());
    }

    public override async ValueTask InitializeAsync()
    {
        StartServer();
        await base.InitializeAsync();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Outermost: reports the address as it stands when the response starts, after the app's own middleware ran.</summary>
    private sealed class ReportSeenClient : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[SeenClientHeader] = context.Connection.RemoteIpAddress?.ToString();
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>
/// A second app in the process: alone, after the parallel collections, because Hangfire keeps some state process-wide and
/// jobs of the shared app must not meet this one's services once it is disposed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProxiedCollection : ICollectionFixture<ProxiedApp>
{
    public const string Name = "proxied";
}

[Collection(ProxiedCollection.Name)]
public sealed class BehindProxyTests(ProxiedApp app) : IAsyncLifetime
{
    private static readonly HtmlParser Parser = new();

    public async ValueTask InitializeAsync() => await app.ResetAsync();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// A client connecting from <paramref name="from"/> with the given forwarded headers. Cookies are kept by hand: a
    /// cookie container never sends a Secure cookie over the plain http the proxy speaks to the app.
    /// </summary>
    private sealed class Client(Uri baseAddress, string from, string? forwardedProto, string? forwardedFor) : IDisposable
    {
        private readonly HttpClient http = new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = baseAddress };

        private readonly Dictionary<string, string> cookies = [];
        public List<string> SetCookies { get; } = [];

        public async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Html)> SendAsync(HttpMethod method, string url,
            IEnumerable<KeyValuePair<string, string>>? form = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (form is not null) request.Content = new FormUrlEncodedContent(form);
            if (forwardedProto is not null) request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
            if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await http.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                SetCookies.Add(header);
                var pair = header.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }
            return (response, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
        }

        public void Dispose() => http.Dispose();
    }

    private static string Seen(HttpResponseMessage response) => response.Headers.GetValues(ProxiedApp.SeenClientHeader).Single();

    [Fact]
    public async Task ThroughTheKnownProxy_LoginWorksOverForwardedHttps_WithSecureCookies_AndTheClientsAddress()
    {
        var email = await new TestData(app).UserAsync(Roles.Behandelaar);
        using var client = new Client(app.BaseAddress, "127.0.0.1", "https", "203.0.113.7");

        var (form, page) = await client.SendAsync(HttpMethod.Get, "/inloggen");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var (login, _) = await client.SendAsync(HttpMethod.Post, "/inloggen",
            [new("Email", email), new("Password", TestData.Password), new("__RequestVerificationToken", token)]);
        var (signedIn, _) = await client.SendAsync(HttpMethod.Get, "/wachtwoord");

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal("203.0.113.7", Seen(form));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains(client.SetCookies, c => c.StartsWith("grantadmin.auth=", StringComparison.Ordinal));
        Assert.All(client.SetCookies.Where(c => !c.Split(';')[0].EndsWith('=')), // a deletion carries no value to protect
            c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.2", "https")] // not the known proxy: its X-Forwarded-* are anyone's to write
    [InlineData("127.0.0.1", null)] // the proxy itself, but the client came over plain http
    public async Task PlainHttp_IsRefusedWithADutchPage_NoCookieAndNoServerError(string from, string? forwardedProto)
    {
        using var client = new Client(app.BaseAddress, from, forwardedProto, "203.0.113.7");

        var (response, page) = await client.SendAsync(HttpMethod.Get, "/inloggen");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Alleen via een beveiligde verbinding", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Empty(client.SetCookies);
        Assert.Equal(from == "127.0.0.1" ? "203.0.113.7" : from, Seen(response));
    }
}
