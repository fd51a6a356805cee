using System.Buffers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Reads a posted form before anything else does, so that a form the server will not read (too many fields, a value over
/// the limit, a body too large, characters that cannot be decoded) or a field holding a control character is refused with
/// a Dutch page that says which, instead of failing later as an anti-forgery or binding error. Runs after the per-action
/// size limits (order 900) and before the anti-forgery check (order 1000), which then reads the form read here.
/// </summary>
public sealed class UnreadableForms : IAsyncAuthorizationFilter, IOrderedFilter
{
    public int Order => 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (!request.HasFormContentType) return;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (Refuse(e) is { } refusal)
        {
            context.Result = refusal;
            return;
        }
        var withControls = form.Where(f => f.Value.Any(v => v is not null && HasControlCharacter(v))).Select(f => f.Key).ToList();
        if (withControls.Count > 0)
            context.Result = InvalidCharacters([.. withControls.Select(field => $"Veld {field}")]);
    }

    /// <summary>C0 control characters other than tab and line breaks, and DEL: never typed, and unsafe in letters, exports and logs.</summary>
    public static bool HasControlCharacter(string value) => value.AsSpan().ContainsAny(ControlCharacters);

    private static readonly SearchValues<char> ControlCharacters =
        SearchValues.Create([.. Enumerable.Range(0, 32).Select(c => (char)c).Where(c => c is not ('\t' or '\n' or '\r')), '\u007F']);

    /// <summary>The framework says what was wrong only in an English message of the exception; these are its words (ASP.NET Core 10).</summary>
    private static IActionResult? Refuse(Exception e)
    {
        var message = e.Message;
        if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || message.Contains("body length limit", StringComparison.Ordinal))
            return TooLarge("Het verstuurde formulier is groter dan de server aanneemt.");
        if (e is not (InvalidDataException or BadHttpRequestException)) return null;
        if (message.Contains("value count limit", StringComparison.Ordinal))
            return TooLarge("Het formulier bevat te veel velden.");
        if (message.Contains("length limit", StringComparison.Ordinal))
            return TooLarge("Een veld van het formulier is te lang.");
        if (message.Contains("invalid characters", StringComparison.Ordinal))
            return InvalidCharacters([]);
        return new Refusal("Verzoek niet verwerkt", "Het formulier kon niet worden gelezen.", []).ToResult(StatusCodes.Status400BadRequest);
    }

    private static IActionResult TooLarge(string message) =>
        new Refusal("Formulier te groot", message, []).ToResult(StatusCodes.Status413PayloadTooLarge);

    private static IActionResult InvalidCharacters(IReadOnlyList<string> fields) =>
        new Refusal("Ongeldige tekens", "Het formulier bevat tekens die niet in tekst thuishoren (stuurtekens zoals een nulteken).", fields)
            .ToResult(StatusCodes.Status400BadRequest);
}
