using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Recordings.Commands.CreateClip;
using Streaming.Application.Recordings.Commands.DeleteClip;
using Streaming.Application.Recordings.Commands.RetryClip;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Recordings.Queries.GetClip;
using Streaming.Application.Recordings.Queries.GetClipEditor;
using Streaming.Domain.Common;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>Clips: the editor (mark in/out), the clip page with its progress, status for polling, retry and delete.</summary>
[Route("recordings/clips")]
public class RecordingsClipsController(IMediator mediator) : Controller
{
    [HttpGet("new")]
    public async Task<IActionResult> New(string? type, Guid id, double? start, double? end, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return BadRequest("id must be a recording id.");
        var editor = await mediator.Send(new GetClipEditorQuery(type, id), cancellationToken);
        return View(new ClipEditorForm(editor, start ?? 0, end ?? Math.Min(editor.DurationSeconds, Math.Min(20, editor.MaxClipSeconds))));
    }

    [HttpPost("")]
    public async Task<IActionResult> Create(string? type, Guid sourceId, double? startSeconds, double? endSeconds, CancellationToken cancellationToken)
    {
        var clipId = await this.SendFormAsync(mediator, new CreateClipCommand(type, sourceId, startSeconds, endSeconds), cancellationToken);
        if (clipId != Guid.Empty) return RedirectToAction(nameof(Show), new { id = clipId });

        var editor = await mediator.Send(new GetClipEditorQuery(type, sourceId), cancellationToken);
        return View("New", new ClipEditorForm(editor, startSeconds ?? 0, endSeconds ?? 0));
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
            TempData["Error"] = e.Message;
        }

        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new DeleteClipCommand(id), cancellationToken);
            TempData["Flash"] = "The clip was deleted.";
            return RedirectToAction("Index", "Recordings");
        }
        catch (DomainException e)
        {
            TempData["Error"] = e.Message;
            return RedirectToAction(nameof(Show), new { id });
        }
    }
}

public record ClipEditorForm(ClipEditorDto Source, double StartSeconds, double EndSeconds);
