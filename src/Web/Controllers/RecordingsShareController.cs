using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Recordings.Queries.GetSharePage;

namespace Streaming.Web.Controllers;

/// <summary>The app's own page for a shared recording or clip (Open Graph tags, player or sign-in prompt).</summary>
[Route("recordings/share")]
public class RecordingsShareController(IMediator mediator, IConfiguration configuration) : Controller
{
    [AllowAnonymous]
    [HttpGet("{type}/{id:guid}")]
    public async Task<IActionResult> Show(string type, Guid id, CancellationToken cancellationToken)
    {
        var page = await mediator.Send(new GetSharePageQuery(type, id), cancellationToken);
        return View(new SharePageModel(page, ShareUrl(this, configuration, type, id)));
    }

    /// <summary>The absolute address of a share page (App:PublicBaseUrl when set, else this request's host).</summary>
    public static string ShareUrl(Controller controller, IConfiguration configuration, string type, Guid id) =>
        $"{ShareBase(controller, configuration)}/{Uri.EscapeDataString(type.ToLowerInvariant())}/{id}";

    /// <summary>The share pages' absolute base: <c>{base}/recordings/share</c>.</summary>
    public static string ShareBase(Controller controller, IConfiguration configuration)
    {
        var baseUrl = configuration["App:PublicBaseUrl"] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{controller.Request.Scheme}://{controller.Request.Host}{controller.Request.PathBase}";
        return $"{baseUrl}/recordings/share";
    }
}

public record SharePageModel(SharePageDto Page, string ShareUrl)
{
    public string FacebookUrl => $"https://www.facebook.com/sharer/sharer.php?u={Uri.EscapeDataString(ShareUrl)}";
}
