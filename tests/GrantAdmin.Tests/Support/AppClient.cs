using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace GrantAdmin.Tests.Support;

/// <summary>A browser-like client: keeps cookies, reads pages as HTML, posts forms with their anti-forgery token.</summary>
public sealed class AppClient(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();
    public HttpClient Http { get; } = http;

    public sealed record Page(HttpStatusCode Status, IHtmlDocument Html, HttpResponseMessage Response)
    {
        public string? Location => Response.Headers.Location?.ToString();
        public string? RedirectPath => RedirectPathOf(Response);
        public string Text(string selector) => Html.QuerySelector(selector)?.TextContent.Trim() ?? "";
        public IReadOnlyList<string> ErrorSummary => Html.QuerySelectorAll("[data-testid=error-summary] li").Select(e => e.TextContent.Trim()).ToList();
        public string? FieldError(string field) => Html.QuerySelector($"#f-{field}-error")?.TextContent.Replace("Fout:", "").Trim();
        public string? Value(string field) => (Html.QuerySelector($"[name={field}]") as IHtmlInputElement)?.Value;
    }

    public async Task<Page> GetAsync(string url)
    {
        return await ReadAsync(await Http.GetAsync(url));
    }

    public static async Task<Page> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, Parser.ParseDocument(await response.Content.ReadAsStringAsync()), response);

    public async Task<string> TokenAsync(string url)
    {
        var page = await GetAsync(url);
        return (page.Html.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value
            ?? throw new InvalidOperationException($"No anti-forgery token on {url} ({page.Status}).");
    }

    /// <summary>Posts fields to <paramref name="url"/>, with the token from the page at <paramref name="tokenFrom"/>.</summary>
    public async Task<Page> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom = null)
    {
        var token = await TokenAsync(tokenFrom ?? url);
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        return await ReadAsync(await Http.PostAsync(url, content));
    }

    public async Task<Page> PostMultipartAsync(string url, IEnumerable<KeyValuePair<string, string>> fields,
        (string FileName, byte[] Content, string ContentType)? plan, string? tokenFrom = null)
    {
        var token = await TokenAsync(tokenFrom ?? url);
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields.Append(new("__RequestVerificationToken", token)))
            content.Add(new StringContent(value), key);
        if (plan is { } file)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, "plan", file.FileName);
        }
        return await ReadAsync(await Http.PostAsync(url, content));
    }

    /// <summary>The path a redirect points to, without host or query ("/inloggen"); null when it is no redirect.</summary>
    public static string? RedirectPathOf(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
            ? new Uri(new Uri("https://localhost"), location).AbsolutePath
            : null;

    /// <summary>Submits the login form, whatever comes of it.</summary>
    public Task<Page> AttemptLoginAsync(string email, string password) =>
        PostAsync("/inloggen", [new("Email", email), new("Password", password)]);

    public async Task<Page> LoginAsync(string email, string password = TestData.Password)
    {
        var page = await AttemptLoginAsync(email, password);
        if (page.Status != HttpStatusCode.Redirect) throw new InvalidOperationException($"Login failed for {email}: {string.Join("; ", page.ErrorSummary)}");
        return page;
    }

    public void Dispose() => Http.Dispose();
}
