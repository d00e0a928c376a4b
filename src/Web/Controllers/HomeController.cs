using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Streams.Queries.GetUpcomingStreams;

namespace Streaming.Web.Controllers;

[AllowAnonymous]
public class HomeController(IMediator mediator) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetUpcomingStreamsQuery(Take: 6), cancellationToken));
}
