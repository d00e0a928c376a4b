using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;

namespace Streaming.Web.Emails;

/// <summary>
/// Renders emails from Razor components (<c>Emails/Templates</c>, one per model, inside
/// <see cref="EmailLayout"/>) with Blazor's <see cref="HtmlRenderer"/>, which needs no HTTP request
/// — the outbox job renders in the background. Output is HTML-encoded like any Razor page, so a
/// class title cannot inject markup. The plain-text part is read from the HTML (<see cref="EmailText"/>).
/// </summary>
public sealed class RazorEmailTemplates(IServiceProvider services, ILoggerFactory loggers) : IEmailTemplates
{
    public async Task<RenderedEmail> RenderAsync(EmailModel model, CancellationToken cancellationToken)
    {
        var template = TemplateFor(model.GetType());
        await using var renderer = new HtmlRenderer(services, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync(template, ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model }));
            return output.ToHtmlString();
        });
        return new RenderedEmail(html, EmailText.FromHtml(html));
    }

    /// <summary>The template of a model: <c>ClassReminderModel</c> → <c>Templates/ClassReminder.razor</c>.</summary>
    public static Type TemplateFor(Type model)
    {
        var name = model.Name.EndsWith("Model", StringComparison.Ordinal) ? model.Name[..^"Model".Length] : model.Name;
        return typeof(RazorEmailTemplates).Assembly.GetType($"{typeof(RazorEmailTemplates).Namespace}.Templates.{name}")
            ?? throw new InvalidOperationException($"There is no email template Emails/Templates/{name}.razor for {model.Name}.");
    }
}
