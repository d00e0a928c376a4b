using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Commands.RecordLiveInputEvent;
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
public class CloudflareWebhookController(
    IMediator mediator, IWebhookReader<LiveInputNotification> reader, LiveStatusNotifier notifier, ILogger<CloudflareWebhookController> logger)
    : ControllerBase
{
    private const int MaxBodyBytes = 64 * 1024;

    [HttpPost("")]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        var reading = await this.ReadAsync(reader, cancellationToken);
        if (this.Refusal(reading, "The cf-webhook-auth header is missing or wrong.", logger) is { } refusal) return refusal;
        if (reading.Event is not { } notification) return Ok(new { outcome = "UnknownEvent" });

        var result = await mediator.Send(new RecordLiveInputEventCommand(notification), cancellationToken);
        if (result.Status is { } status) await notifier.NotifyAsync(status); // the watch pages start their players
        return Ok(new { outcome = result.Outcome.ToString() });
    }
}
