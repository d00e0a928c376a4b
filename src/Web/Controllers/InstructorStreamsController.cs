using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Streams.Commands.CancelStream;
using Streaming.Application.Streams.Commands.CreateStream;
using Streaming.Application.Streams.Commands.DeleteStream;
using Streaming.Application.Streams.Commands.SetCatalogMark;
using Streaming.Application.Streams.Commands.SetThumbnail;
using Streaming.Application.Streams.Commands.UpdateStream;
using Streaming.Application.Streams.Queries.GetInstructorStreams;
using Streaming.Application.Streams.Queries.GetStreamDetails;
using Streaming.Application.Streams.Queries.GetDuplicateForm;
using Streaming.Application.Streams.Queries.GetClassRecordingDownload;
using Streaming.Application.Streams.Queries.GetEditForm;
using Streaming.Application.Workouts.Queries.GetMyWorkouts;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>The instructor dashboard. Every by-id action is checked for ownership in its handler (404 otherwise).</summary>
[Authorize(Roles = $"{Roles.Instructor},{Roles.SuperAdmin}")]
[Route("instructor/streams")]
public class InstructorStreamsController(IMediator mediator, VisitorTimeZone visitorZone) : Controller
{
    /// <summary>The instructor's time zone (profile, else browser); null lets the form's script fill in the browser's.</summary>
    private string? InstructorZone => visitorZone.KnownId;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] GetInstructorStreamsQuery query, [FromQuery] Guid? highlight, CancellationToken cancellationToken)
    {
        ModelState.Clear(); // a malformed filter falls back to its default
        if (query.Q?.Length > 100) query.Q = query.Q[..100];
        ViewData["Query"] = query;
        ViewData["Highlight"] = highlight; // the class just created or changed stands out in the list
        var dashboard = await mediator.Send(query, cancellationToken);
        ViewData["Workouts"] = await mediator.Send(new GetMyWorkoutsQuery(), cancellationToken);
        return View(dashboard);
    }

    /// <summary>"Keep for the workout catalog" (keep=true) or "Don't keep" (keep=false).</summary>
    [HttpPost("{id:guid}/catalog")]
    public async Task<IActionResult> Catalog(Guid id, bool keep, CancellationToken cancellationToken)
    {
        try
        {
            var title = await mediator.Send(new SetCatalogMarkCommand(id, keep), cancellationToken);
            TempData.Flash(FlashKind.Success, keep
                ? $"\"{title}\" is kept for the workout catalog: its recording stays after the replay window and moves to the catalog later."
                : $"\"{title}\" is no longer kept: its recording is deleted when the replay window closes.");
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Index), new { highlight = id });
    }

    [HttpGet("new")]
    public IActionResult Create() => View("Form", new CreateStreamCommand { TimeZone = InstructorZone });

    [HttpPost("new")]
    [RequestBodyLimit(6 * 1024 * 1024)]
    [RequestSizeLimit(6 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 6 * 1024 * 1024)]
    public async Task<IActionResult> Create(CreateStreamCommand command, IFormFile? thumbnail, CancellationToken cancellationToken)
    {
        var id = await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View("Form", command);
        TempData.Flash(FlashKind.Success, command.Occurrences > 1
            ? $"{command.Occurrences} weekly classes of \"{command.Title}\" are scheduled; each can be edited or cancelled on its own."
            : $"\"{command.Title}\" is scheduled.");
        if (thumbnail is { Length: > 0 })
        {
            // The class exists by now; an image that is refused is said on its edit page, where another can be chosen.
            await using var content = thumbnail.OpenReadStream();
            try
            {
                await mediator.Send(new SetThumbnailCommand(id, content, OnlyIfMissing: false), cancellationToken);
            }
            catch (Application.Common.Exceptions.ValidationException ex)
            {
                TempData.Flash(FlashKind.Error, $"\"{command.Title}\" is scheduled, but its image was refused: {string.Join(" ", ex.Errors.SelectMany(e => e.Value))}");
                return RedirectToAction(nameof(Edit), new { id });
            }
        }

        return RedirectToAction(nameof(Index), new { highlight = id });
    }

    [HttpGet("{id:guid}/duplicate")]
    public async Task<IActionResult> Duplicate(Guid id, CancellationToken cancellationToken)
    {
        ViewData["DuplicateOf"] = id;
        return View("Form", await mediator.Send(new GetDuplicateFormQuery(id, InstructorZone), cancellationToken));
    }

    [HttpGet("{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var form = await mediator.Send(new GetEditFormQuery(id, InstructorZone), cancellationToken);
        await ShowThumbnailAsync(id, cancellationToken);
        return View("Form", form);
    }

    [HttpPost("{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, UpdateStreamCommand command, CancellationToken cancellationToken)
    {
        command.Id = id;
        await mediator.Send(new GetEditFormQuery(id, null), cancellationToken); // 404 before any validation for someone else's class
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid)
        {
            await ShowThumbnailAsync(id, cancellationToken);
            return View("Form", command);
        }

        TempData.Flash(FlashKind.Success, $"\"{command.Title}\" is saved.");
        return RedirectToAction(nameof(Index), new { highlight = id });
    }

    /// <summary>The edit page shows the thumbnail members see now, next to the upload.</summary>
    private async Task ShowThumbnailAsync(Guid id, CancellationToken cancellationToken) =>
        ViewData["ThumbnailPath"] = (await mediator.Send(new GetStreamDetailsQuery(id), cancellationToken)).ThumbnailPath;

    /// <summary>The image processor's limit, told to the browser so it can refuse a bigger file in the form.</summary>
    public const long ThumbnailMaxBytes = 5 * 1024 * 1024;

    /// <summary>Upload a thumbnail (JPEG, PNG or WebP up to 5 MB; checked by content, stored as JPEG).</summary>
    [HttpPost("{id:guid}/thumbnail")]
    [RequestBodyLimit(6 * 1024 * 1024)]
    [RequestSizeLimit(6 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 6 * 1024 * 1024)]
    public async Task<IActionResult> Thumbnail(Guid id, IFormFile? file, bool auto, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            if (auto) return BadRequest();
            TempData.Flash(FlashKind.Error, "Choose an image file to upload.");
            return RedirectToAction(nameof(Edit), new { id });
        }

        await using var content = file.OpenReadStream();
        try
        {
            await mediator.Send(new SetThumbnailCommand(id, content, OnlyIfMissing: auto), cancellationToken);
            if (auto) return NoContent();
            TempData.Flash(FlashKind.Success, "The thumbnail is updated.");
        }
        catch (Application.Common.Exceptions.ValidationException ex) when (!auto)
        {
            TempData.Flash(FlashKind.Error, string.Join(" ", ex.Errors.SelectMany(e => e.Value)));
        }

        return RedirectToAction(nameof(Edit), new { id });
    }

    /// <summary>Saves the class's recording (the replay MP4) while it is kept: a redirect to a short-lived signed URL.</summary>
    [HttpGet("{id:guid}/recording")]
    public async Task<IActionResult> Recording(Guid id, CancellationToken cancellationToken) =>
        Redirect((await mediator.Send(new GetClassRecordingDownloadQuery(id), cancellationToken)).ToString());

    /// <summary>The confirmation pages for cancel and delete show what will happen.</summary>
    [HttpGet("{id:guid}/{step:regex(^(cancel|delete)$)}")]
    public async Task<IActionResult> Confirm(Guid id, string step, CancellationToken cancellationToken)
    {
        var details = await mediator.Send(new GetStreamDetailsQuery(id), cancellationToken);
        if (!details.IsOwner && !User.IsInRole(Roles.SuperAdmin)) return NotFound();
        ViewData["Step"] = step;
        return View(details);
    }

    [HttpPost("{id:guid}/cancel")]
    public async Task<IActionResult> Cancel(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            var result = await mediator.Send(new CancelStreamCommand(id), cancellationToken);
            TempData.Flash(FlashKind.Success, "The class is cancelled. " + result.Refunded switch
                {
                    0 => "Nobody had paid for it",
                    1 => "1 member was refunded",
                    var n => $"{n} members were refunded",
                } + (result.PendingRefunds > 0 ? $"; {result.PendingRefunds} refunds will be retried automatically." : "."));
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            var title = await mediator.Send(new DeleteStreamCommand(id), cancellationToken);
            TempData.Flash(FlashKind.Success, $"\"{title}\" is deleted.");
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Index));
    }
}
