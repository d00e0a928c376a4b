using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Web.Controllers;

/// <summary>
/// The web edge of a provider's webhook: reads the exact bytes sent (signatures cover them), lets the
/// provider's <see cref="IWebhookReader{TEvent}"/> check and read them, and answers a refusal as a
/// problem (401 for a bad signature, 400 for a body that is not an event) — never a 500.
/// </summary>
public static class WebhookEdge
{
    public static async Task<WebhookReading<TEvent>> ReadAsync<TEvent>(this ControllerBase controller, IWebhookReader<TEvent> reader, CancellationToken cancellationToken)
        where TEvent : class
    {
        using var buffer = new MemoryStream();
        await controller.Request.Body.CopyToAsync(buffer, cancellationToken);
        var headers = controller.Request.Headers;
        return await reader.ReadAsync(new WebhookRequest(name => headers.TryGetValue(name, out var value) ? value.ToString() : null, buffer.ToArray()), cancellationToken);
    }

    /// <summary>The problem answer of a refused reading; null when it was accepted or ignored.</summary>
    public static IActionResult? Refusal<TEvent>(this ControllerBase controller, WebhookReading<TEvent> reading, string unauthorizedDetail, ILogger logger)
        where TEvent : class
    {
        switch (reading.Verdict)
        {
            case WebhookVerdict.Unauthorized:
                logger.LogWarning("Webhook refused: {Reason}", reading.Reason);
                return controller.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: unauthorizedDetail);
            case WebhookVerdict.Malformed:
                logger.LogWarning("Webhook body unreadable: {Reason}", reading.Reason);
                return controller.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid notification", detail: reading.Reason);
            case WebhookVerdict.Ignored:
                logger.LogInformation("Webhook acknowledged and ignored: {Reason}", reading.Reason);
                return null;
            default:
                return null;
        }
    }
}
