using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Recordings.Commands.RecordEgress;

namespace Streaming.Web.Controllers;

/// <summary>LiveKit Egress webhooks (<c>application/webhook+json</c>), authenticated by their signed token, not a cookie.</summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("api/recordings/livekit-webhook")]
public class RecordingsWebhookController(IMediator mediator) : ControllerBase
{
    private const int MaxBodyBytes = 1024 * 1024;

    [HttpPost("")]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Request.Body.CopyToAsync(buffer, cancellationToken);
        var outcome = await mediator.Send(new RecordEgressCommand(Request.Headers.Authorization.ToString(), buffer.ToArray()), cancellationToken);
        return outcome == EgressOutcome.Unauthorized
            ? Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The webhook signature is not valid.")
            : Ok(new { outcome = outcome.ToString() });
    }
}
