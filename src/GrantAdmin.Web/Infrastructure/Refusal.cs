using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>A request refused before anything was read or changed: the Dutch page says what was wrong and that nothing changed.</summary>
public sealed record Refusal(string Heading, string Message, IReadOnlyList<string> Details)
{
    /// <summary>Longest part of a posted value repeated on the page; the rest is of no help to the reader.</summary>
    private const int EchoLength = 200;

    public IActionResult ToResult(int statusCode) => new ViewResult
    {
        ViewName = "/Features/Shared/Refused.cshtml",
        StatusCode = statusCode,
        ViewData = new ViewDataDictionary<Refusal>(new EmptyModelMetadataProvider(), new ModelStateDictionary())
        {
            Model = this with { Details = [.. Details.Select(d => d.Length > EchoLength ? d[..EchoLength] + "…" : d)] },
        },
    };
}
