using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Queries.GetSharePage;

namespace Streaming.Web.Controllers;

/// <summary>The app's own page for a shared recording or clip (Open Graph tags, player or sign-in prompt).</summary>
[Route("recordings/share")]
public class RecordingsShareController(IMediator mediator, IAppLinks links) : Controller
{
    [AllowAnonymous]
    [HttpGet("{type}/{id:guid}")]
    public async Task<IActionResult> Show(string type, Guid id, CancellationToken cancellationToken)
    {
        var page = await mediator.Send(new GetSharePageQuery(type, id), cancellationToken);
        return View(new SharePageModel(page, links.Absolute($"/recordings/share/{Uri.EscapeDataString(type.ToLowerInvariant())}/{id}")));
    }
}

public record SharePageModel(SharePageDto Page, string ShareUrl)
{
    public string FacebookUrl => $"https://www.facebook.com/sharer/sharer.php?u={Uri.EscapeDataString(ShareUrl)}";
}
