using System.ComponentModel.DataAnnotations;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig.Tokens;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>Settings "Plans": the size of one plan, what staged uploads may hold, and what opening one may cost.</summary>
public sealed class PlanSettings
{
    [Range(1, 1L << 30)] public long MaxBytes { get; set; } = 20L * 1024 * 1024;
    [Range(1, 1L << 34)] public long StagedMaxBytesPerUser { get; set; } = 40L * 1024 * 1024;
    [Range(1, 1L << 36)] public long StagedMaxBytesPerMunicipality { get; set; } = 100L * 1024 * 1024;
    [Range(1, 1_000_000)] public int MaxEntries { get; set; } = 2_000;
    [Range(1, 1L << 34)] public long MaxUncompressedBytes { get; set; } = 100L * 1024 * 1024;
}

/// <summary>Bounds on what opening an office document may cost (settings Plans:MaxEntries and Plans:MaxUncompressedBytes).</summary>
public sealed record PlanLimits(int MaxEntries, long MaxUncompressedBytes)
{
    public static PlanLimits From(PlanSettings settings) => new(settings.MaxEntries, settings.MaxUncompressedBytes);
}

/// <summary>What an upload is, or why it is refused: a Dutch message for the plan field.</summary>
public sealed record PlanCheck(PlanFormat? Format, string? Refusal)
{
    public static PlanCheck Accept(PlanFormat format) => new(format, null);
    public static PlanCheck Refuse(string message) => new(null, message);
}

/// <summary>
/// The one check every uploaded plan passes before it is stored: the bytes are opened as what they claim to be
/// (a PDF by a PDF parser, DOCX and ODT as zip packages read within limits) and refused when they carry active
/// content (scripts, macros, automatic actions) or fetch content from elsewhere.
/// </summary>
public static class PlanInspection
{
    public const string NotAPlan = "Het projectplan moet een PDF-, DOCX- of ODT-bestand zijn. Dit bestand is dat niet (de inhoud telt, niet de naam).";

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipMagic = "PK\u0003\u0004"u8.ToArray();

    public static PlanCheck Inspect(byte[] content, PlanLimits limits)
    {
        if (content.AsSpan().StartsWith(PdfMagic)) return PdfPlan.Inspect(content);
        if (content.AsSpan().StartsWith(ZipMagic)) return PackagePlan.Inspect(content, limits);
        return PlanCheck.Refuse(NotAPlan);
    }
}

/// <summary>A PDF plan: it must open with PdfPig, be one whole file and carry no actions, scripts or embedded files.</summary>
internal static class PdfPlan
{
    internal const string Damaged = "Het projectplan kan niet als PDF worden geopend: het bestand is beschadigd of onvolledig. Sla het opnieuw op als PDF en kies het opnieuw.";
    internal const string Encrypted = "Het projectplan is een beveiligde (versleutelde) PDF. Sla het op zonder wachtwoord of beveiliging en kies het opnieuw.";
    internal const string Polyglot = "Het projectplan is niet alleen een PDF maar bevat ook een ander soort bestand (een webpagina of ZIP-archief). Sla het opnieuw op als gewone PDF, bijvoorbeeld met 'Afdrukken naar PDF'.";

    internal static string ActiveContent(string what) =>
        $"Het projectplan bevat actieve inhoud ({what}). Zo'n PDF nemen we niet aan. Sla het opnieuw op als gewone PDF, bijvoorbeeld met 'Afdrukken naar PDF'.";

    // Actions that run, open or send something by themselves; GoTo (jump to a page) and URI (a link the reader clicks) are harmless.
    private static readonly Dictionary<string, string> ActiveActions = new(StringComparer.Ordinal)
    {
        ["JavaScript"] = "JavaScript",
        ["Launch"] = "het starten van een programma",
        ["SubmitForm"] = "een formulier dat gegevens verstuurt",
        ["ImportData"] = "het inlezen van gegevens",
        ["GoToR"] = "het openen van een ander bestand",
        ["GoToE"] = "het openen van een ingesloten bestand",
        ["Rendition"] = "multimedia",
        ["RichMediaExecute"] = "multimedia",
    };

    private static readonly Dictionary<string, string> ActiveKeys = new(StringComparer.Ordinal)
    {
        ["JS"] = "JavaScript",
        ["JavaScript"] = "JavaScript",
        ["AA"] = "automatische acties",
        ["Launch"] = "het starten van een programma",
        ["EmbeddedFile"] = "ingesloten bestanden",
        ["EmbeddedFiles"] = "ingesloten bestanden",
        ["RichMedia"] = "multimedia",
        ["XFA"] = "een XFA-formulier",
    };

    // The bytes a browser looks at when it sniffs a type (WHATWG MIME sniffing reads at most 1445 bytes).
    private const int SniffedBytes = 1445;
    private static readonly string[] HtmlMarkers = ["<html", "<script", "<!doctype html", "<body", "<iframe", "<svg"];

    public static PlanCheck Inspect(byte[] content)
    {
        var head = System.Text.Encoding.Latin1.GetString(content, 0, Math.Min(content.Length, SniffedBytes));
        if (HtmlMarkers.Any(m => head.Contains(m, StringComparison.OrdinalIgnoreCase)) || PackagePlan.HasCentralDirectory(content))
            return PlanCheck.Refuse(Polyglot);
        // Readers look for %%EOF in the last 1024 bytes; anything after it is another file glued on, or the PDF was cut off.
        if (!EndsWithEof(content)) return PlanCheck.Refuse(Damaged);
        try
        {
            using var document = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, MaxStackDepth = 100 });
            if (document.IsEncrypted) return PlanCheck.Refuse(Encrypted);
            if (document.NumberOfPages < 1) return PlanCheck.Refuse(Damaged);
            foreach (var reference in document.Structure.CrossReferenceTable.ObjectOffsets.Keys)
                if (ActiveContentIn(document.Structure.GetObject(reference).Data, document) is { } what) return PlanCheck.Refuse(ActiveContent(what));
            return PlanCheck.Accept(PlanFormat.Pdf);
        }
        catch (PdfDocumentEncryptedException)
        {
            return PlanCheck.Refuse(Encrypted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PdfPig reports hostile or broken input with several exception types; each means "not a PDF we can read".
            return PlanCheck.Refuse(Damaged);
        }
    }

    private static bool EndsWithEof(byte[] content)
    {
        var tail = content.AsSpan(Math.Max(0, content.Length - 1024));
        return tail.LastIndexOf("%%EOF"u8) is var at and >= 0 && tail[(at + 5)..].IndexOfAnyExcept("\r\n\t \0"u8) < 0;
    }

    /// <summary>A description of the first active content in one object (its direct parts; indirect ones are visited on their own).</summary>
    private static string? ActiveContentIn(IToken root, PdfDocument document)
    {
        var pending = new Stack<IToken>([root]);
        while (pending.TryPop(out var token))
            switch (token)
            {
                case StreamToken stream:
                    pending.Push(stream.StreamDictionary);
                    break;
                case ArrayToken array:
                    foreach (var item in array.Data) pending.Push(item);
                    break;
                case DictionaryToken dictionary:
                    foreach (var (key, value) in dictionary.Data)
                    {
                        if (ActiveKeys.TryGetValue(key, out var what)) return what;
                        if (key == "S" && value is NameToken action && ActiveActions.TryGetValue(action.Data, out what)) return what;
                        if (key == "OpenAction" && OpenAction(value, document) is { } onOpen) return onOpen;
                        pending.Push(value);
                    }
                    break;
            }
        return null;
    }

    // An open action may name a page to show (an array, harmless) or an action: anything but GoTo acts by itself.
    private static string? OpenAction(IToken value, PdfDocument document)
    {
        if (value is IndirectReferenceToken reference) value = document.Structure.GetObject(reference.Data).Data;
        if (value is not DictionaryToken action) return null;
        var kind = action.TryGet(NameToken.S, out NameToken s) ? s.Data : "";
        return kind == "GoTo" ? null : ActiveActions.GetValueOrDefault(kind, "een automatische actie bij het openen");
    }
}
