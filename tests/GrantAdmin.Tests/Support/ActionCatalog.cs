using System.Reflection;
using System.Text.RegularExpressions;
using GrantAdmin.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;

namespace GrantAdmin.Tests.Support;

/// <summary>
/// Every public action of every controller in the web assembly, with its route and access policy as ASP.NET Core
/// reads them from the attributes. The access-control and hostile-input tests both walk this list, so an action
/// added later is covered by both without anyone listing it.
/// </summary>
public static partial class ActionCatalog
{
    public static IReadOnlyList<ActionEndpoint> All { get; } = Discover().ToList();

    public static IEnumerable<ActionEndpoint> Posts => All.Where(a => a.Verb is "POST" or "ANY" && !a.IgnoresAntiforgery);

    private static IEnumerable<ActionEndpoint> Discover()
    {
        var web = typeof(Program).Assembly;
        foreach (var controller in web.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ControllerBase).IsAssignableFrom(t)))
        foreach (var method in controller.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.DeclaringType!.Assembly != web || method.IsSpecialName || method.IsDefined(typeof(NonActionAttribute), inherit: true)) continue;
            var name = $"{controller.Name}.{method.Name}";
            var prefix = controller.GetCustomAttribute<RouteAttribute>(inherit: true)?.Template;
            var access = AccessOf(controller, method);
            var ignoresAntiforgery = controller.IsDefined(typeof(IgnoreAntiforgeryTokenAttribute), inherit: true)
                || method.IsDefined(typeof(IgnoreAntiforgeryTokenAttribute), inherit: true);
            var verbs = method.GetCustomAttributes<HttpMethodAttribute>(inherit: true).ToList();
            if (verbs.Count == 0)
                yield return new(name, "ANY", RouteOf(prefix, method.GetCustomAttribute<RouteAttribute>(inherit: true)?.Template), access, ignoresAntiforgery, method);
            foreach (var verb in verbs)
            foreach (var httpMethod in verb.HttpMethods)
                yield return new(name, httpMethod, RouteOf(prefix, verb.Template), access, ignoresAntiforgery, method);
        }
    }

    private static string RouteOf(string? prefix, string? template)
    {
        if (template is not null && (template.StartsWith('/') || template.StartsWith("~/", StringComparison.Ordinal)))
            return "/" + template.TrimStart('~', '/');
        if (prefix is null && template is null) return "(no attribute route: unreachable)";
        return "/" + string.Join('/', new[] { prefix, template }.Where(p => !string.IsNullOrEmpty(p)));
    }

    /// <summary>As ASP.NET Core decides: [AllowAnonymous] anywhere wins; every [Authorize] must hold; none means the fallback (signed in).</summary>
    private static Access AccessOf(Type controller, MethodInfo method)
    {
        var attributes = controller.GetCustomAttributes(inherit: true).Concat(method.GetCustomAttributes(inherit: true)).ToList();
        if (attributes.OfType<IAllowAnonymous>().Any()) return Access.Anonymous;
        var authorize = attributes.OfType<IAuthorizeData>().ToList();
        if (authorize.Any(a => a.Policy is not null || a.AuthenticationSchemes is not null))
            throw new InvalidOperationException($"{controller.Name}.{method.Name} uses an authorization policy or scheme: teach ActionCatalog.AccessOf to read it.");
        var roleLists = authorize.Where(a => !string.IsNullOrWhiteSpace(a.Roles))
            .Select(a => a.Roles!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).AsEnumerable())
            .ToList();
        return roleLists.Count == 0 ? Access.SignedIn : Access.Only(roleLists.Aggregate((all, next) => all.Intersect(next)));
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}]*)?\}")]
    internal static partial Regex RouteParameter();
}

/// <param name="Method">The action method; null for an endpoint that is no controller action (the Hangfire dashboard).</param>
public sealed record ActionEndpoint(string Name, string Verb, string Route, Access Access, bool IgnoresAntiforgery, MethodInfo? Method)
{
    public string Key => $"{Verb} {Route}";

    public IEnumerable<string> RouteParameters => ActionCatalog.RouteParameter().Matches(Route).Select(m => m.Groups["name"].Value);

    public string Url(Dictionary<string, string> samples) => ActionCatalog.RouteParameter().Replace(Route, m =>
        samples.TryGetValue(m.Groups["name"].Value, out var value) ? value
            : throw new InvalidOperationException($"{Key}: give {{{m.Groups["name"].Value}}} a sample value."));

    public override string ToString() => $"{Name} ({Key})";
}

/// <summary>Who may use an endpoint: everyone, any signed-in user, or only the listed roles.</summary>
public sealed class Access
{
    public static readonly Access Anonymous = new("anyone, signed in or not", null);
    public static readonly Access SignedIn = new("any signed-in user", null);

    private readonly IReadOnlySet<string>? roles;
    private readonly string text;

    private Access(string text, IReadOnlySet<string>? roles) => (this.text, this.roles) = (text, roles);

    public static Access Only(params IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        return new("only " + (set.Count == 0 ? "nobody" : string.Join(", ", set.Order(StringComparer.Ordinal))), set);
    }

    public bool Allows(string role) => Equals(Anonymous) || roles is null || roles.Contains(role);

    /// <summary>A role that passes this policy (null: none needed).</summary>
    public string? SomeAllowedRole => Equals(Anonymous) ? null : roles?.Order(StringComparer.Ordinal).First() ?? Roles.Beheerder;

    public override bool Equals(object? obj) => obj is Access other && other.text == text;
    public override int GetHashCode() => text.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => text;
}
