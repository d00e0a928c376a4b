using Streaming.Application.Notifications.Common;

namespace Streaming.Application.Common.Interfaces;

/// <summary>Turns an email's model into its HTML and plain-text bodies (templates with the product's layout and footer).</summary>
public interface IEmailTemplates
{
    Task<RenderedEmail> RenderAsync(EmailModel model, CancellationToken cancellationToken);
}

public sealed record RenderedEmail(string Html, string Text);
