using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Commands.RecordEgress;

namespace Streaming.Web.Controllers;

/// <summary>
/// LiveKit Egress webhooks (<c>application/webhook+json</c>), authenticated by their signed token, not a
/// cookie. Not authentic → 401 problem; a body that is not a LiveKit event → 400 problem; an event
/// other than a completed egress → 200 and nothing changes.
/// </summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("api/recordings/livekit-webhook")]
public class RecordingsWebhookController(IMediator mediator, IWebhookReader<RecordingFinished> reader, ILogger<RecordingsWebhookController> logger)
    : ControllerBase
{
    private const int MaxBodyBytes = 1024 * 1024;

    [HttpPost("")]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        var reading = await this.ReadAsync(reader, cancellationToken);
        if (this.Refusal(reading, "The webhook signature is not valid.", logger) is { } refusal) return refusal;
        var outcome = reading.Event is { } finished
            ? await mediator.Send(RecordEgressCommand.From(finished), cancellationToken)
            : EgressOutcome.Ignored;
        return Ok(new { outcome = outcome.ToString() });
    }
}
