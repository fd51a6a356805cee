using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using CsCheck;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// Every POST form of the app, driven through the real pipeline by a user who may use it, with hostile and random
/// values: huge and empty strings, control and bidi characters, emoji, other digit scripts, negative and enormous
/// numbers, malformed dates, repeated and missing fields, wrong types and junk files. Whatever comes: never a 5xx;
/// a refusal says in Dutch what was wrong; and a refused request leaves every table as it was.
/// The actions come from <see cref="ActionCatalog"/>, so a form added later is fuzzed without being listed here.
/// </summary>
public sealed partial class HostileFormTests(TestApp app) : AppTest(app)
{
    /// <summary>Samples per form: with 50 forms, one to two minutes on a 2-core machine.</summary>
    private const int SamplesPerForm = 20;

    public static TheoryData<string> Forms() => new(ActionCatalog.Posts.Where(a => a.Verb == "POST").Select(a => a.Key).Distinct());

    [Theory, MemberData(nameof(Forms))]
    public async Task HostileValues_NeverBreakTheApp_AndARefusalChangesNothing(string key)
    {
        var (action, client, token, url) = await FormUnderTestAsync(key);
        using var _ = client;
        await App.OutboxIdleAsync();
        var fields = FieldNamesOf(action.Method!);
        var hasFile = FileFieldsOf(action.Method!).ToList();

        await RequestGen(fields, hasFile).SampleAsync(async request =>
        {
            var before = await DatabaseFingerprint.OfAsync(App);
            using var content = request.ToContent(token, hasFile);
            var response = await client.Http.PostAsync(url, content);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;

            Assert.True(status < 500, $"POST {url} answered {status} to {request}");
            if (RefusalMessages(response, body) is not { } messages)
            {
                await App.OutboxIdleAsync(); // accepted: its mail goes out before the next baseline is taken
                return;
            }
            Assert.True(messages.Count > 0, $"POST {url} refused ({status}) without saying why, for {request}");
            var outOfOrder = SummaryOutOfOrder(body);
            Assert.True(outOfOrder is null, $"POST {url}: the error summary does not follow the form: {outOfOrder}, for {request}");
            foreach (var message in messages)
                Assert.False(NotDutch().IsMatch(message), $"POST {url} refused ({status}) in English: '{message}', for {request}");
            Assert.True(before == await DatabaseFingerprint.OfAsync(App), $"POST {url} refused ({status}: {string.Join(" | ", messages)}) but changed the database, for {request}");
        }, iter: SamplesPerForm, threads: 1);
    }

    /// <summary>An empty post refuses most fields at once: the summary lists them as the form shows them.</summary>
    [Theory, MemberData(nameof(Forms))]
    public async Task EmptyForm_ErrorSummaryFollowsTheForm(string key)
    {
        var (_, client, token, url) = await FormUnderTestAsync(key);
        using var _ = client;

        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        var response = await client.Http.PostAsync(url, content);

        Assert.True((int)response.StatusCode < 500, $"POST {url} answered {(int)response.StatusCode} to an empty form");
        var outOfOrder = SummaryOutOfOrder(await response.Content.ReadAsStringAsync());
        Assert.True(outOfOrder is null, $"POST {url}: the error summary does not follow the form: {outOfOrder}");
    }

    /// <summary>The form's action, a client signed in as a user who may post it (with a form token), and the url for the scene's objects.</summary>
    private async Task<(ActionEndpoint Action, AppClient Client, string Token, string Url)> FormUnderTestAsync(string key)
    {
        var action = ActionCatalog.Posts.First(a => a.Key == key);
        var scene = await SceneAsync(action.Route);
        var role = action.Access.SomeAllowedRole;
        var client = role is null ? App.Client() : await Data.SignedInAsync(role, Roles.IsApplicant(role) ? TestData.Utrecht : null);
        var token = await client.TokenAsync(role is null ? "/inloggen" : "/wachtwoord");
        return (action, client, token, action.Url(scene.SamplesFor(action.Route)));
    }

    /// <summary>
    /// What the app refused with, or null when it took the request: the messages of a form shown again with errors,
    /// or the heading and text of a 4xx page.
    /// </summary>
    private static List<string>? RefusalMessages(HttpResponseMessage response, string body)
    {
        var html = Parser.ParseDocument(body);
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500)
            return html.QuerySelectorAll("main h1, main p").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        if (response.StatusCode == HttpStatusCode.OK && html.QuerySelector("[data-testid=error-summary]") is not null)
            return html.QuerySelectorAll("[data-testid=error-summary] li").Select(e => e.TextContent.Trim()).ToList();
        return null;
    }

    private static readonly HtmlParser Parser = new();

    /// <summary>
    /// Where the error summary's links do not follow their fields down the page (WCAG 3.3.1 in practice: the list reads
    /// as the form does), or null. Links to fields on another page (the check-answers page) are not compared.
    /// </summary>
    internal static string? SummaryOutOfOrder(string body)
    {
        var html = Parser.ParseDocument(body);
        var all = html.All.ToList();
        var targets = html.QuerySelectorAll("[data-testid=error-summary] a[href^='#']")
            .Select(a => a.GetAttribute("href")![1..])
            .Select(id => (Id: id, Element: html.GetElementById(id)))
            .Where(t => t.Element is not null)
            .Select(t => (t.Id, Position: all.IndexOf(t.Element!)))
            .ToList();
        for (var i = 1; i < targets.Count; i++)
            if (targets[i].Position < targets[i - 1].Position)
                return $"#{targets[i].Id} is listed after #{targets[i - 1].Id} but comes before it on the page";
        return null;
    }

    [GeneratedRegex("(Day|Date|On|From|Until|Deadline)$")]
    private static partial Regex DateLike();

    [GeneratedRegex("(Amount|Euros|Cents|Percentage|Days|Weeks|Number|Count|Value|Id)$")]
    private static partial Regex NumberLike();

    // English as ASP.NET Core's default messages put it; none of these words is Dutch.
    [GeneratedRegex(@"\b(The|the|invalid|required|must|field|value|valid|should|cannot|Error)\b")]
    private static partial Regex NotDutch();

    // ---- The objects the forms act on: an application of Utrecht (a draft for the draft's own forms, else submitted;
    // a gemeente has one per round), another user, the seeded programme.

    private static bool ActsOnADraft(string route) =>
        route.StartsWith("/aanvragen/{id:int}/bewerken", StringComparison.Ordinal) || route.StartsWith("/aanvragen/{id:int}/indienen", StringComparison.Ordinal);

    private sealed record Scene(int ApplicationId, int OtherUserId, int ParticipantId, int CohortId)
    {
        public Dictionary<string, string> SamplesFor(string route)
        {
            var id = route switch
            {
                _ when route.StartsWith("/beheer/gebruikers", StringComparison.Ordinal) => OtherUserId,
                _ when route.StartsWith("/programma/deelnemers", StringComparison.Ordinal) => ParticipantId,
                _ when route.StartsWith("/programma/lichtingen", StringComparison.Ordinal) => CohortId,
                _ => ApplicationId,
            };
            return new()
            {
                ["id"] = $"{id}", ["code"] = "2023", ["round"] = "2023", ["day"] = "2030-01-02", ["municipalityId"] = "1",
                ["theme"] = "Vindbaarheid", ["activityId"] = "1", ["milestoneId"] = "1",
            };
        }
    }

    private async Task<Scene> SceneAsync(string route)
    {
        int application;
        if (ActsOnADraft(route))
        {
            var (client, draft) = await Data.CompleteDraftAsync(TestData.Utrecht);
            client.Dispose();
            application = draft;
        }
        else application = (await Data.SubmittedApplicationAsync(TestData.Utrecht)).Id;
        var otherUser = await Data.UserAsync(Roles.Invuller, TestData.Groningen);
        await using var connection = await App.Db.OpenAsync();
        return new Scene(application,
            await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @otherUser", new { otherUser }),
            await connection.QuerySingleAsync<int>("SELECT MIN(id) FROM programme_participants"),
            await connection.QuerySingleAsync<int>("SELECT MIN(id) FROM programme_cohorts"));
    }

    // ---- The fields a form binds, found from the action's parameters as model binding would look for them.

    private static List<(string Name, Type Type)> FieldNamesOf(MethodInfo action)
    {
        var names = new List<(string, Type)>();
        foreach (var parameter in action.GetParameters())
        {
            if (parameter.IsDefined(typeof(FromServicesAttribute)) || parameter.ParameterType == typeof(CancellationToken)
                || typeof(IFormFile).IsAssignableFrom(parameter.ParameterType)) continue;
            AddNames(names, parameter.ParameterType, parameter.Name!, depth: 0, topLevel: true);
        }
        return names;
    }

    private static IEnumerable<string> FileFieldsOf(MethodInfo action) =>
        action.GetParameters().Where(p => typeof(IFormFile).IsAssignableFrom(p.ParameterType)).Select(p => p.Name!);

    private static void AddNames(List<(string, Type)> names, Type type, string name, int depth, bool topLevel)
    {
        var element = Nullable.GetUnderlyingType(type) ?? type;
        if (IsSimple(element)) { names.Add((name, element)); return; }
        if (element == typeof(IFormCollection)) { names.AddRange([("Value", typeof(decimal)), ("Metric", typeof(string)), ("Note", typeof(string))]); return; }
        if (depth > 2) return;
        if (element.IsArray || (element.IsGenericType && element.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))))
        {
            var item = element.IsArray ? element.GetElementType()! : element.GetGenericArguments()[0];
            AddNames(names, item, $"{name}[0]", depth + 1, topLevel: false);
            AddNames(names, item, $"{name}[1]", depth + 1, topLevel: false);
            return;
        }
        // A complex parameter binds its properties without its own name as prefix (no value carries the prefix).
        foreach (var property in element.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || p.SetMethod is not null))
            AddNames(names, property.PropertyType, topLevel ? property.Name : $"{name}.{property.Name}", depth + 1, topLevel: false);
    }

    private static bool IsSimple(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateOnly)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeOnly) || type == typeof(Guid);

    // ---- The hostile values.

    private static readonly string[] Nasty =
    [
        "", " ", "\t", "0", "-1", "1", "2", "-0", "+5", "ja", "nee", "true", "false", "on", "off", "abc", "null", "undefined",
        "2023-02-30", "0001-01-01", "9999-12-31", "31-12-2023", "2023-13-01", "1-2-3", "2023-02-01T25:61",
        "1e308", "NaN", "Infinity", "99999999999999999999", "-2147483649", "2147483648", "0x1F", "1,000,000", "1.000.000,50", "12,5", "€ 1.000",
        "\u0663\u0664\u0665", "\uFF11\uFF12\uFF13", "\u0967\u0968", "\u00B2",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE applications;--", "=HYPERLINK(\"http://x\")", "@SUM(1)",
        "\u202Etxt.exe", "a\u2066b\u2069c", "a\0b", "\u0007\u001b[31m", "\r\n\r\n", "\uFEFF", "\uD800", "😀👍🏽", "𝕏", "ﷺ", "Z̷̨͙a̵l̶g̷o̵",
        "GM0344", "GM0014", "Ontvangen", "Verleend", "Afgewezen", "Tekenbevoegde", "Beheerder", "NL91ABNA0417164300", "NL00XXXX0000000000",
        "../../etc/passwd", "%00", "%2e%2e%2f", "${jndi:ldap://x}", "{{7*7}}",
    ];

    private static readonly string[] Numbers =
        ["0", "1", "-1", "12", "100", "50000", "1000000", "12,5", "12.5", "-0,01", "2147483648", "-9223372036854775809", "79228162514264337593543950336",
         "1e5", "\u0661\u0662", "\uFF15\uFF10", "\u0967\u0968", "٫", "1 000", "1_000", "abc", ""];

    private static readonly string[] Dates =
        ["2023-03-01", "2023-02-01", "2030-01-02", "0001-01-01", "9999-12-31", "2023-02-29", "2024-02-29", "2023-13-01", "01-03-2023", "1-3-2023",
         "2023-03-01T10:00", "20230301", "\u0662\u0660\u0662\u0663-\u0660\u0663-\u0660\u0661", ""];

    /// <summary>Codes the forms know (checklist items, themes, regions), so that repeated and mixed valid codes are tried too.</summary>
    private static readonly string[] DomainWords =
        [.. GrantAdmin.Web.Features.ReferenceData.ReferenceDataLoader.DefaultChecklist.Select(c => c.Code), "Vindbaarheid", "VR19", "VR01", "2023", "2024"];

    private static readonly string[] Booleans = ["true", "false", "True", "on", "ja", "1", "0", "", "true,false", "yes"];

    private static readonly Gen<string> AnyValue = Gen.Frequency(
        (6, Gen.OneOf(Nasty)),
        (2, Gen.String[Gen.Char, 0, 60]),
        (1, Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Int[5_000, 400_000].Select(n => new string('x', n))),
        (1, Gen.Int[1, 2_000].Select(n => string.Concat(Enumerable.Repeat("\u202E😀\0", n)))));

    /// <summary>Values aimed at the field's type (valid ones among them, so that a form gets past its first check) and, a third of the time, anything at all.</summary>
    private static Gen<string> ValueFor(string name, Type type)
    {
        var leaf = name[(name.LastIndexOf('.') + 1)..];
        var aimed = type switch
        {
            // Text fields that hold a date, an amount or a code, by their name.
            _ when type == typeof(string) && DateLike().IsMatch(leaf) => Gen.OneOf(Dates),
            _ when type == typeof(string) && NumberLike().IsMatch(leaf) => Gen.OneOf(Numbers),
            _ when type == typeof(string) && leaf.EndsWith("Code", StringComparison.Ordinal) => Gen.OneOf(DomainWords),
            _ when type == typeof(bool) => Gen.OneOf(Booleans),
            _ when type.IsEnum => Gen.OneOf([.. Enum.GetNames(type), "0", "99", "-1", "Onbekend", Enum.GetNames(type)[0].ToLowerInvariant()]),
            _ when type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) => Gen.OneOf(Dates),
            _ when type.IsPrimitive || type == typeof(decimal) => Gen.OneOf(Numbers),
            _ => Gen.Frequency((2, AnyValue), (1, Gen.OneOf(DomainWords))),
        };
        return Gen.Frequency((2, aimed), (1, AnyValue));
    }

    private sealed record FuzzRequest(List<KeyValuePair<string, string>> Fields, byte[]? File)
    {
        public HttpContent ToContent(string token, IReadOnlyList<string> fileFields)
        {
            var fields = Fields.Append(new("__RequestVerificationToken", token));
            if (fileFields.Count == 0) return new FormUrlEncodedContent(fields);
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in fields) multipart.Add(new StringContent(value), name);
            if (File is { } bytes) multipart.Add(new ByteArrayContent(bytes), fileFields[0], "bestand.pdf");
            return multipart;
        }

        public override string ToString() =>
            string.Join("&", Fields.Select(f => $"{f.Key}={Shown(f.Value)}")) + (File is null ? "" : $" + file of {File.Length} bytes");

        private static string Shown(string value) => value.Length > 40 ? $"({value.Length} chars: {Escape(value[..20])}…)" : Escape(value);

        private static string Escape(string value) => string.Concat(value.Select(c => char.IsControl(c) || c > 0x7e ? $"\\u{(int)c:X4}" : c.ToString()));
    }

    private static readonly Gen<byte[]> JunkFile = Gen.OneOf(
        Gen.Byte.Array[0, 2_000],
        Gen.Byte.Array[0, 2_000].Select(b => "%PDF-1.7\n"u8.ToArray().Concat(b).ToArray()),
        Gen.Const("%PDF-1.4\n<html><script>alert(1)</script></html>"u8.ToArray()),
        Gen.Const("PK\u0003\u0004"u8.ToArray()));

    private static Gen<FuzzRequest> RequestGen(IReadOnlyList<(string Name, Type Type)> fields, IReadOnlyList<string> fileFields)
    {
        // Each known field is missing, sent once, or repeated; a few names the form does not know come along.
        var known = fields.Aggregate(Gen.Const(new List<KeyValuePair<string, string>>()), (sofar, field) =>
            Gen.Select(sofar, Gen.Frequency((1, Gen.Const(0)), (4, Gen.Const(1)), (1, Gen.Const(2))).SelectMany(n => ValueFor(field.Name, field.Type).Array[n]),
                (list, values) => list.Concat(values.Select(v => new KeyValuePair<string, string>(field.Name, v))).ToList()));
        var unknown = Gen.Select(Gen.OneOf<string>("Id", "id", "MunicipalityId", "State", "Amount", "x", "Items[99999999].Code", "__proto__"), AnyValue)
            .Select((name, value) => new KeyValuePair<string, string>(name, value)).Array[0, 2];
        var file = fileFields.Count == 0 ? Gen.Const((byte[]?)null) : Gen.Frequency((1, Gen.Const((byte[]?)null)), (3, JunkFile.Select(b => (byte[]?)b)));
        return Gen.Select(known, unknown, file, (k, u, f) => new FuzzRequest([.. k, .. u], f));
    }
}
