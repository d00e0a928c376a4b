using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Recordings.Commands.CreateClip;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Recordings.Commands.DeleteClip;
using Streaming.Application.Recordings.Commands.RenameClip;
using Streaming.Application.Recordings.Commands.RetryClip;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Recordings.Queries.GetClip;
using Streaming.Application.Recordings.Queries.GetClipEditor;
using Streaming.Domain.Common;
using Streaming.Domain.Recordings;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>Clips: the editor (mark in/out), the clip page with its progress, status for polling, retry and delete.</summary>
[Route("recordings/clips")]
public class RecordingsClipsController(IMediator mediator) : Controller
{
    [HttpGet("new")]
    public async Task<IActionResult> New(string? type, Guid id, string? start, string? end, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return BadRequest("id must be a recording id.");
        var editor = await mediator.Send(new GetClipEditorQuery(type, id), cancellationToken);
        var defaultEnd = Math.Min(editor.DurationSeconds, Math.Min(20, editor.MaxClipSeconds));
        return View(new ClipEditorForm(editor, start ?? ClipTime.Format(0), end ?? ClipTime.Format(defaultEnd), null));
    }

    /// <summary>The editor's form (with or without JavaScript); what the person typed comes back with the messages.</summary>
    [HttpPost("")]
    public async Task<IActionResult> Create(string? type, Guid sourceId, string? start, string? end, string? name, CancellationToken cancellationToken)
    {
        var clipId = await this.SendFormAsync(mediator, new CreateClipCommand(type, sourceId, start, end, name), cancellationToken);
        if (clipId != Guid.Empty) return RedirectToAction(nameof(Show), new { id = clipId });

        var editor = await mediator.Send(new GetClipEditorQuery(type, sourceId), cancellationToken);
        return View("New", new ClipEditorForm(editor, start ?? "", end ?? "", name));
    }

    [HttpPost("{id:guid}/rename")]
    public async Task<IActionResult> Rename(Guid id, string? name, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new RenameClipCommand(id, name), cancellationToken);
            TempData.Flash(FlashKind.Success, "The clip's name was saved.");
        }
        catch (Exception e) when (e is DomainException or ValidationException)
        {
            TempData.Flash(FlashKind.Error, e is ValidationException v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : e.Message);
        }

        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetClipQuery(id), cancellationToken));

    /// <summary>For the clip page's progress bar.</summary>
    [HttpGet("{id:guid}/status")]
    public async Task<IActionResult> Status(Guid id, CancellationToken cancellationToken)
    {
        var clip = await mediator.Send(new GetClipQuery(id), cancellationToken);
        return Json(new
        {
            status = clip.Status.ToString(),
            progress = clip.Progress,
            name = clip.Title,
            error = clip.Error,
            size = RecordingFormat.Size(clip.SizeBytes),
            duration = RecordingFormat.Duration(clip.DurationSeconds),
        });
    }

    [HttpPost("{id:guid}/retry")]
    public async Task<IActionResult> Retry(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new RetryClipCommand(id), cancellationToken);
        }
        catch (DomainException e)
        {
            TempData.Flash(FlashKind.Error, e.Message);
        }

        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new DeleteClipCommand(id), cancellationToken);
            TempData.Flash(FlashKind.Success, "The clip was deleted.");
            return RedirectToAction("Index", "Recordings");
        }
        catch (DomainException e)
        {
            TempData.Flash(FlashKind.Error, e.Message);
            return RedirectToAction(nameof(Show), new { id });
        }
    }
}

/// <param name="Start">As typed (or the default), so a refused form shows what the person wrote.</param>
public record ClipEditorForm(ClipEditorDto Source, string Start, string End, string? Name);
