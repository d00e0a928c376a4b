using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Tokens.Queries.GetTokenOverview;

namespace Streaming.Web.Controllers;

[Route("tokens")]
public class TokensController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetTokenOverviewQuery(), cancellationToken));
}
