using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Streams.Queries.GetCatalog;

namespace Streaming.Web.Controllers;

[AllowAnonymous]
public class HomeController(IMediator mediator) : Controller
{
    private const int Teasers = 6;

    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var catalog = await mediator.Send(new GetCatalogQuery(), cancellationToken);
        return View(catalog.Streams.Items.Take(Teasers).ToList());
    }
}
