using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Commands.ShareRecording;
using Streaming.Application.Recordings.Commands.StopSharing;
using Streaming.Application.Recordings.Queries.GetSharePage;
using Streaming.Domain.Common;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>
/// A recording's or clip's own share page (Open Graph tags, player or sign-in prompt), where its
/// owner chooses who can watch: private, or anyone with the link (<see cref="SharedRecordingsController"/>).
/// </summary>
[Route("recordings/share")]
public class RecordingsShareController(IMediator mediator, IAppLinks links) : Controller
{
    [AllowAnonymous]
    [HttpGet("{type}/{id:guid}")]
    public async Task<IActionResult> Show(string type, Guid id, CancellationToken cancellationToken)
    {
        var page = await mediator.Send(new GetSharePageQuery(type, id), cancellationToken);
        return View(new SharePageModel(page, links.RecordingSharePage(type.ToLowerInvariant(), id)));
    }

    /// <summary>Anyone with the link may watch, for <paramref name="expiresInDays"/> days or (empty) until turned off.</summary>
    [HttpPost("{type}/{id:guid}/link")]
    public async Task<IActionResult> Share(string type, Guid id, int? expiresInDays, CancellationToken cancellationToken)
    {
        try
        {
            var link = await mediator.Send(new ShareRecordingCommand(type, id, expiresInDays), cancellationToken);
            TempData.Flash(FlashKind.Success, link.ExpiresAt is null
                ? "Anyone with the link can watch until you turn it off."
                : "Anyone with the link can watch until the date shown.");
        }
        catch (Exception e) when (e is DomainException or Application.Common.Exceptions.ValidationException)
        {
            TempData.Flash(FlashKind.Error, e is Application.Common.Exceptions.ValidationException v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : e.Message);
        }

        return RedirectToAction(nameof(Show), new { type, id });
    }

    /// <summary>Private again: the link stops working at once, also for a video that is playing.</summary>
    [HttpPost("{type}/{id:guid}/link/stop")]
    public async Task<IActionResult> StopSharing(string type, Guid id, CancellationToken cancellationToken)
    {
        var stopped = await mediator.Send(new StopSharingCommand(type, id), cancellationToken);
        TempData.Flash(FlashKind.Success, stopped ? "The link is turned off. Only you can watch now." : "This recording was already private.");
        return RedirectToAction(nameof(Show), new { type, id });
    }
}

public record SharePageModel(SharePageDto Page, string ShareUrl)
{
    /// <summary>What the page offers to copy and post: the link that opens for others when there is one, else this page.</summary>
    public string PublicOrPageUrl => Page.Link?.Url ?? ShareUrl;

    public string? FacebookUrl => Page.Link is { } link ? $"https://www.facebook.com/sharer/sharer.php?u={Uri.EscapeDataString(link.Url)}" : null;
}
