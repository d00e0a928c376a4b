using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Recordings.Commands.UploadRecording;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Web.Infrastructure;
using Streaming.Application.Recordings.Queries.GetRecordingFile;
using Streaming.Application.Recordings.Queries.GetRecordings;

namespace Streaming.Web.Controllers;

/// <summary>Meeting and voice-call recordings: the list, downloads and playback.</summary>
[Route("recordings")]
public class RecordingsController(IMediator mediator, IOptions<RecordingsOptions> options, IAppLinks links) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? tab, CancellationToken cancellationToken)
    {
        var model = await mediator.Send(new GetRecordingsQuery(), cancellationToken);
        ViewData["Tab"] = tab == "calls" && model.IsSuperAdmin ? "calls" : "meetings";
        ViewData["ShareBase"] = links.Absolute("/recordings/share");
        return View(model);
    }

    /// <summary>Saves the file: 302 to a short-lived signed URL with an attachment header, or a proxy stream.</summary>
    [HttpGet("download")]
    public async Task<IActionResult> Download(string? type, Guid id, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return BadRequest("id must be a recording id.");
        var delivery = await mediator.Send(new GetRecordingFileQuery(type, id), cancellationToken);
        return delivery.RedirectUrl is { } url ? Redirect(url.ToString()) : new RecordingsStreamResult(delivery, inline: false);
    }

    /// <summary>Inline playback through the app (range requests for seeking).</summary>
    [HttpGet("play")]
    public async Task<IActionResult> Play(string? type, Guid id, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return BadRequest("id must be a recording id.");
        var delivery = await mediator.Send(new GetRecordingFileQuery(type, id, Inline: true), cancellationToken);
        return new RecordingsStreamResult(delivery, inline: true);
    }

    /// <summary>
    /// Whether the inline player may (still) play this recording or clip, and from where: asked by
    /// the player after a failure (lasting-playback.js), so an ended access is said plainly.
    /// </summary>
    [AllowAnonymous]
    [HttpGet("playback")]
    public async Task<IActionResult> Playback(string? type, Guid id, CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
            return PlaybackProblem(StatusCodes.Status401Unauthorized, "You are signed out. Log in again to keep watching.");
        if (!ModelState.IsValid) return PlaybackProblem(StatusCodes.Status400BadRequest, "id must be a recording id.");
        try
        {
            await mediator.Send(new GetRecordingFileQuery(type, id, Inline: true), cancellationToken);
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenAccessException)
        {
            return PlaybackProblem(StatusCodes.Status404NotFound, "This video is no longer available to you.");
        }
        catch (DomainException e)
        {
            return PlaybackProblem(StatusCodes.Status409Conflict, e.Message);
        }

        return Ok(new { url = Url.Action(nameof(Play), new { type, id }), expiresInSeconds = (int?)null });
    }

    private ObjectResult PlaybackProblem(int status, string detail) =>
        new(new ProblemDetails { Status = status, Title = "Cannot play", Detail = detail }) { StatusCode = status, ContentTypes = { "application/problem+json" } };

    [HttpGet("upload")]
    [Authorize(Roles = Roles.SuperAdmin)]
    public IActionResult Upload() => View(new UploadRecordingForm(options.Value.VisibleProducts, options.Value.MaxUploadBytes));

    [HttpPost("upload")]
    [Authorize(Roles = Roles.SuperAdmin)]
    [DisableRequestSizeLimit]
    [RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)]
    public async Task<IActionResult> Upload(string? type, string? product, string? title, IFormFile? file, CancellationToken cancellationToken)
    {
        await using var content = file?.OpenReadStream();
        var uploaded = await this.SendFormAsync(mediator,
            new UploadRecordingCommand(type, product, title, file?.FileName, content), cancellationToken);
        if (uploaded is null)
            return View(new UploadRecordingForm(options.Value.VisibleProducts, options.Value.MaxUploadBytes, type, product, title));
        TempData.Flash(FlashKind.Success, "The recording was uploaded.");
        return RedirectToAction(nameof(Index), new { tab = uploaded.Kind == RecordingKind.Voice ? "calls" : null });
    }
}

public record UploadRecordingForm(IReadOnlyList<string> Products, long MaxBytes, string? Type = "meet", string? Product = null, string? Title = null);
