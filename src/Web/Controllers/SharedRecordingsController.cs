using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Queries.GetSharedFile;
using Streaming.Application.Recordings.Queries.GetSharedPreview;
using Streaming.Application.Recordings.Queries.GetSharedRecording;

namespace Streaming.Web.Controllers;

/// <summary>
/// A recording or clip shared with "anyone with the link": the page (Open Graph and Twitter card
/// tags, the player), the file it plays and the preview image. No sign-in: the token is the
/// permission, checked on every request (404 unknown, 410 turned off or expired).
/// </summary>
[AllowAnonymous]
[Route("shared/{token}")]
public class SharedRecordingsController(IMediator mediator, IAppLinks links) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(string token, CancellationToken cancellationToken)
    {
        var shared = await mediator.Send(new GetSharedRecordingQuery(token), cancellationToken);
        // An unlisted link: search engines stay out, link previews (Open Graph) still work.
        Response.Headers["X-Robots-Tag"] = "noindex";
        return View(new SharedRecordingPageModel(shared, links.SharedRecording(token)));
    }

    /// <summary>The file, inline, with range requests (the player seeks).</summary>
    [HttpGet("video")]
    public async Task<IActionResult> Video(string token, CancellationToken cancellationToken) =>
        new RecordingsStreamResult(await mediator.Send(new GetSharedFileQuery(token), cancellationToken), inline: true);

    [HttpGet("preview.jpg")]
    public async Task<IActionResult> Preview(string token, CancellationToken cancellationToken)
    {
        var image = await mediator.Send(new GetSharedPreviewQuery(token), cancellationToken);
        if (image is null) return NotFound();
        Response.Headers.CacheControl = "public, max-age=3600";
        Response.RegisterForDisposeAsync(image);
        return File(image.Content, "image/jpeg");
    }
}

public sealed record SharedRecordingPageModel(SharedRecordingDto Shared, string Url)
{
    public string VideoUrl => $"{Url}/video";

    public string PreviewUrl => $"{Url}/preview.jpg";

    public string FacebookUrl => $"https://www.facebook.com/sharer/sharer.php?u={Uri.EscapeDataString(Url)}";
}
