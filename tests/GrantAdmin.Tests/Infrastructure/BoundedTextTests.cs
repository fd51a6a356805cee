using System.Net;
using System.Reflection;
using System.Text;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Features.Programme.Cohorts;
using GrantAdmin.Web.Features.Programme.Exports;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// Every bound string has a maximum and loses its bidi controls (issue 13 items 1, 9 and 14); letters, mails and exports
/// never carry bidi controls, also not from text stored before.
/// </summary>
public sealed class BoundedTextTests(TestApp app) : AppTest(app)
{
    private static readonly Type[] NotForms = [typeof(CancellationToken), typeof(IFormFile), typeof(IFormCollection)];

    /// <summary>The string properties of the forms POST actions bind, with the form they are on (into lists of items too).</summary>
    private static IEnumerable<string> UndeclaredTextFields(Type form, string path)
    {
        foreach (var property in form.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || IsPositional(p)))
        {
            var name = $"{path}.{property.Name}";
            if (property.PropertyType == typeof(string))
            {
                if (TextSize.Declared(property) is null) yield return name;
            }
            else if (ElementOrSelf(property.PropertyType) is { } nested)
                foreach (var field in UndeclaredTextFields(nested, name)) yield return field;
        }
    }

    private static bool IsPositional(PropertyInfo p) => p.DeclaringType!.GetConstructors().Any(c => c.GetParameters().Any(a => a.Name == p.Name));

    /// <summary>A form (or the item type of a list of forms); null for values MVC binds as one value.</summary>
    private static Type? ElementOrSelf(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : type;
        element = Nullable.GetUnderlyingType(element) ?? element;
        return element.IsPrimitive || element.IsEnum || element == typeof(string) || element == typeof(decimal) || element == typeof(DateOnly)
            || element == typeof(DateTime) || NotForms.Contains(element) || element.IsGenericType ? null : element;
    }

    [Fact]
    public void EveryTextField_OfEveryPostedForm_DeclaresItsMaximum()
    {
        var actions = typeof(Program).Assembly.GetTypes().Where(t => typeof(ControllerBase).IsAssignableFrom(t))
            .SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<HttpPostAttribute>().Any())
            .ToList();
        var forms = actions.SelectMany(a => a.GetParameters())
            .Where(p => p.GetCustomAttribute<FromServicesAttribute>() is null)
            .Select(p => ElementOrSelf(p.ParameterType)).OfType<Type>().Distinct().ToList();
        Assert.Contains(typeof(PrepareDecision.Form), forms);
        Assert.Contains(typeof(EditCohort.Form), forms);

        Assert.Empty(forms.SelectMany(f => UndeclaredTextFields(f, f.FullName!)));
    }

    [Fact]
    public void Binding_SeesTheMaximum_OfRecordParametersAndClassProperties()
    {
        var metadata = App.Services.GetRequiredService<IModelMetadataProvider>();
        var explanation = metadata.GetMetadataForType(typeof(PrepareDecision.Form)).BoundConstructor!.BoundConstructorParameters!
            .Single(p => p.Name == nameof(PrepareDecision.Form.Explanation));
        Assert.Equal(TextSize.Explanation, TextSize.For(explanation));
        Assert.Equal(TextSize.Explanation, TextSize.For(metadata.GetMetadataForProperty(typeof(PrepareDecision.Form), nameof(PrepareDecision.Form.Explanation))));
        Assert.Equal(100, TextSize.For(metadata.GetMetadataForProperty(typeof(EditCohort.Form), nameof(EditCohort.Form.Name))));
        Assert.Equal(TextSize.Default, TextSize.For(metadata.GetMetadataForType(typeof(string))));
    }

    [Fact]
    public async Task OverlongContactName_IsRefused_AndTheStoredDraftKeepsItsValues()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        var fields = TestData.CompleteForm();
        fields["ContactName"] = new string('a', 201);
        fields["AccountHolder"] = "Een andere tenaamstelling";

        var page = await client.PostAsync($"/aanvragen/{id}/bewerken", fields);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Gebruik hier hoogstens 200 tekens; u gebruikte er 201. Maak de tekst korter.", page.FieldError("ContactName"));
        Assert.Equal(new string('a', 201), page.Value("ContactName")); // the form comes back as typed
        await using var connection = await App.Db.OpenAsync();
        var stored = await connection.QuerySingleAsync<(string ContactName, string AccountHolder)>(
            "SELECT contact_name AS ContactName, account_holder AS AccountHolder FROM applications WHERE id = @id", new { id });
        Assert.Equal((TestData.CompleteForm()["ContactName"], TestData.CompleteForm()["AccountHolder"]), stored);
    }

    [Fact]
    public async Task BidiControls_InAWithdrawalReason_ReachNeitherTheTimelineNorTheMail()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id);

        var done = await client.PostAsync($"/aanvragen/{id}/intrekken", [new("Reason", "\u2067Raad heeft \u202Eeigen budget\u202C\u2069 \u200Fvrijgemaakt")]);

        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        var mail = await App.Smtp.WaitForAsync(m => m.Subject.StartsWith("Intrekking aanvraag", StringComparison.Ordinal));
        Assert.Contains("Reden: Raad heeft eigen budget vrijgemaakt", mail.TextBody);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal("Raad heeft eigen budget vrijgemaakt",
            await connection.QuerySingleAsync<string>("SELECT withdrawal_reason FROM applications WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Mail_QueuedWithBidiControls_IsSentWithout()
    {
        await App.Db.WriteAsync(w => w.EnqueueMailAsync(
            new OutgoingMail(["iemand@gemeente.example"], "Onderwerp \u202Eomgekeerd", "Tekst \u202Eomgekeerd\u202C.", null, null),
            App.Clock.GetUtcNow().UtcDateTime, CancellationToken.None));
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().SweepAsync(CancellationToken.None);

        var mail = await App.Smtp.WaitForAsync(m => m.Subject.StartsWith("Onderwerp", StringComparison.Ordinal));

        Assert.Equal("Onderwerp omgekeerd", mail.Subject);
        Assert.Equal("Tekst omgekeerd.", mail.TextBody.Trim());
    }

    [Fact]
    public void Exports_CarryNoBidiControls()
    {
        var table = new ExportTable("Deelnemers", ["naam"], [["Gemeente \u202EX\u202C"]]);

        Assert.Equal("Gemeente X", table.Rows[0][0]);
        Assert.Equal("\uFEFFnaam\r\nGemeente X\r\n", Encoding.UTF8.GetString(table.ToCsv()));
    }

    [Theory]
    [InlineData("a\u202Eb\u202Cc", "abc")]
    [InlineData("\u200E\u200F\u061C\u202A\u202B\u202D\u2066\u2067\u2068\u2069", "")]
    [InlineData("Dé gemeente — één", "Dé gemeente — één")]
    public void Strip_RemovesOnlyBidiControls(string text, string expected) => Assert.Equal(expected, BidiControls.Strip(text));

    [Fact]
    public void StripFromHtml_RemovesTheCharacterReferencesRazorWrites_Too() =>
        Assert.Equal("<p>ab c d&#xE9;</p>", BidiControls.StripFromHtml("<p>a&#x202E;b&#x202c; &#8238;c &lrm;d&#xE9;\u2066</p>"));
}
