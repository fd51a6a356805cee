using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Production runs behind a proxy that ends TLS and forwards plain http. The proxy says what the client used in
/// X-Forwarded-Proto and who the client is in X-Forwarded-For; those headers are believed only from the proxies named in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR), or from the loopback
/// address when none is named. Anyone else could send them too: from another address they are ignored.
/// </summary>
public static class BehindProxy
{
    public static void AddBehindProxy(this IServiceCollection services, IConfiguration configuration)
    {
        // Parsed now, so a typing error stops the start instead of failing every request.
        const string proxiesKey = "ForwardedHeaders:KnownProxies", networksKey = "ForwardedHeaders:KnownNetworks";
        var proxies = Texts(configuration, proxiesKey)
            .Select(text => IPAddress.TryParse(text, out var address) ? address : throw Invalid(proxiesKey, text)).ToList();
        var networks = Texts(configuration, networksKey)
            .Select(text => System.Net.IPNetwork.TryParse(text, out var network) ? network : throw Invalid(networksKey, text)).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1; // only the nearest proxy's entry: the ones before it are the client's to write
            // With both lists empty the middleware would believe every sender: keep its loopback default then.
            if (proxies.Count + networks.Count == 0) return;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
    }

    private static IEnumerable<string> Texts(IConfiguration configuration, string key) =>
        (configuration.GetSection(key).Get<string[]>() ?? []).Select(text => text.Trim());

    private static InvalidOperationException Invalid(string key, string text) => new($"{key}: '{text}' is not an address or network.");
}

/// <summary>
/// With Secure-only cookies a request that arrived over plain http (not forwarded as https by a known proxy) cannot get a
/// sign-in or form cookie; the anti-forgery check would throw. Refused with a Dutch page before anything reads or sets one.
/// </summary>
public sealed class PlainHttpRefused : IAuthorizationFilter, IOrderedFilter
{
    public int Order => int.MinValue;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.HttpContext.Request.IsHttps) return;
        context.Result = new Refusal("Alleen via een beveiligde verbinding",
            "GrantAdmin werkt alleen via https. Gebruik het adres dat met https:// begint.", []).ToResult(StatusCodes.Status400BadRequest);
    }
}
