using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Live.Cloudflare.Commands.RecordLiveInputEvent;
using Streaming.Web.Hubs;

namespace Streaming.Web.Controllers;

/// <summary>
/// Cloudflare Stream live input notifications (<c>live_input.connected|disconnected|errored</c>),
/// authenticated by the fixed secret in <c>cf-webhook-auth</c> (Streaming:Cloudflare:WebhookSecret),
/// not by a cookie. Wrong or missing secret → 401 problem; a body that is not a notification → 400
/// problem; an unknown input or event, or a replay, → 200 and nothing changes.
/// </summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("webhooks/cloudflare/live")]
public class CloudflareWebhookController(IMediator mediator, LiveStatusNotifier notifier) : ControllerBase
{
    public const string SecretHeader = "cf-webhook-auth";
    private const int MaxBodyBytes = 64 * 1024;

    [HttpPost("")]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Request.Body.CopyToAsync(buffer, cancellationToken);
        var result = await mediator.Send(new RecordLiveInputEventCommand(Request.Headers[SecretHeader].ToString(), buffer.ToArray()), cancellationToken);
        switch (result.Outcome)
        {
            case LiveInputEventOutcome.Unauthorized:
                return Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: $"The {SecretHeader} header is missing or wrong.");
            case LiveInputEventOutcome.Invalid:
                return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid notification",
                    detail: "The body is not a Cloudflare live input notification (data.event_type and data.input_id).");
        }

        if (result.Status is { } status) await notifier.NotifyAsync(status); // the watch pages start their players
        return Ok(new { outcome = result.Outcome.ToString() });
    }
}
