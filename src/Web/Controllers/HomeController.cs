using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Streaming.Application.Streams.Queries.GetHome;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

[AllowAnonymous]
public class HomeController(IMediator mediator) : Controller
{
    /// <summary>
    /// The catalog's output cache: the same classes, dropped by the same saves (a class changed, an
    /// instructor's name, photo or bio changed), never for a signed-in visitor.
    /// </summary>
    [HttpGet("/")]
    [OutputCache(PolicyName = CatalogOutputCache.Policy)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetHomeQuery(), cancellationToken));
}
