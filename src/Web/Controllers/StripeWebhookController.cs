using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Options;
using Streaming.Application.Purchases.Commands.HandlePaymentEvent;

namespace Streaming.Web.Controllers;

/// <summary>
/// Stripe's webhook endpoint (Payments:Provider=Stripe; 404 otherwise), authenticated by the
/// <c>Stripe-Signature</c> header, not a cookie. A missing, wrong or stale signature, or a body that
/// is not an event, is a 400 problem and nothing is read. A payment the provider did not confirm
/// when asked is a 503, so Stripe delivers the event again later; every event answers 200 once
/// applied (or when it is not about a purchase here), also when delivered again.
/// </summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("webhooks/stripe")]
public class StripeWebhookController(IMediator mediator, IOptions<PaymentOptions> options) : ControllerBase
{
    public const string SignatureHeader = "Stripe-Signature";

    // Stripe's events for a checkout with one line item are a few kilobytes.
    private const int MaxBodyBytes = 256 * 1024;

    [HttpPost("")]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        if (options.Value.Provider != PaymentProviderKind.Stripe) return NotFound();

        // The signature covers the exact bytes Stripe sent: read them as they are.
        using var reader = new StreamReader(Request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        try
        {
            var outcome = await mediator.Send(new HandlePaymentEventCommand(body, Request.Headers[SignatureHeader].ToString()), cancellationToken);
            return Ok(new { outcome = outcome.ToString() });
        }
        catch (PaymentWebhookRejectedException ex)
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Webhook refused", detail: ex.Message);
        }
        catch (ValidationException ex)
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Webhook refused", detail: string.Join(" ", ex.Errors.SelectMany(e => e.Value)));
        }
        catch (PaymentProviderException ex) when (ex.IsTransient)
        {
            Response.Headers.RetryAfter = "60";
            return Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again later", detail: ex.Message);
        }
    }
}
