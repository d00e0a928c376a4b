using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Streams.Queries.GetUpcomingStreams;

namespace Streaming.Web.Controllers;

[AllowAnonymous]
[Route("streams")]
public class StreamsController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetUpcomingStreamsQuery(), cancellationToken));
}
