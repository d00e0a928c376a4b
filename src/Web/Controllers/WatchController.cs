using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Live.Commands.HeartbeatViewing;
using Streaming.Application.Live.Commands.JoinViewing;
using Streaming.Application.Live.Commands.LeaveViewing;
using Streaming.Application.Live.Common;
using Streaming.Application.Live.Queries.GetWatch;
using Streaming.Domain.Viewing;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>
/// The watch page (enrolled members and the instructor; others are sent to the class page to
/// enroll), its status poll, and the viewing sessions (join, heartbeat, leave) its script reports.
/// </summary>
[Route("streams/{id:guid}/watch")]
public class WatchController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Guid id, CancellationToken cancellationToken)
    {
        var watch = await mediator.Send(new GetWatchQuery(id), cancellationToken);
        if (watch.IsAllowed || watch.SeatRefunded) return View(watch);
        TempData.Flash(FlashKind.Error, "Enroll in this class to watch it.");
        return RedirectToAction("Details", "Streams", new { id });
    }

    /// <summary>The polling fallback when the page cannot keep a SignalR connection.</summary>
    [HttpGet("status")]
    public async Task<IActionResult> Status(Guid id, CancellationToken cancellationToken)
    {
        var watch = await mediator.Send(new GetWatchQuery(id), cancellationToken);
        if (!watch.IsAllowed) return LiveController.LiveProblem(StatusCodes.Status403Forbidden, "Forbidden", "Only members enrolled in this class can watch it.");
        return Ok(new LiveStatusDto(watch.Id, watch.Status, watch.StartedAt, watch.EndedAt));
    }

    /// <summary>Where the replay stands (the page polls it while the replay is being prepared).</summary>
    [HttpGet("replay")]
    public async Task<IActionResult> Replay(Guid id, CancellationToken cancellationToken)
    {
        var watch = await mediator.Send(new GetWatchQuery(id), cancellationToken);
        if (!watch.IsAllowed) return LiveController.LiveProblem(StatusCodes.Status403Forbidden, "Forbidden", "Only members enrolled in this class can watch it.");
        return Ok(new { state = watch.Replay.ToString(), canWatch = watch.CanWatchReplay });
    }

    /// <summary>
    /// A fresh signed URL of the replay: the player renews it before it expires (and after a
    /// failure) for as long as the viewer's replay access lasts; afterwards, a problem saying why.
    /// </summary>
    [AllowAnonymous]
    [HttpGet("replay/playback")]
    public async Task<IActionResult> ReplayPlayback(Guid id, CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
            return LiveController.LiveProblem(StatusCodes.Status401Unauthorized, "Signed out", "You are signed out. Log in again to keep watching.");
        var watch = await mediator.Send(new GetWatchQuery(id), cancellationToken);
        if (watch.ReplayUrl is { } url && watch.ReplayUrlLifetime is { } lifetime)
            return Ok(new { url = url.ToString(), expiresInSeconds = (int)lifetime.TotalSeconds });
        return LiveController.LiveProblem(StatusCodes.Status403Forbidden, "Replay access ended", WhyNoReplay(watch));
    }

    private static string WhyNoReplay(WatchDto watch)
    {
        if (!watch.IsAllowed) return "You no longer have access to this class.";
        if (watch.Replay != ReplayState.Available) return "The replay of this class is no longer available.";
        return watch.RecordingExpiresAt is { } ended
            ? $"Your access to this replay ended on {ended.UtcDateTime:ddd d MMM yyyy, HH:mm} UTC."
            : "Your access to this replay has ended.";
    }

    [HttpPost("sessions")]
    public async Task<IActionResult> Join(Guid id, [FromQuery] ViewingMode mode, CancellationToken cancellationToken) =>
        ModelState.IsValid
            ? Ok(new { id = await mediator.Send(new JoinViewingCommand(id, mode), cancellationToken) })
            : LiveController.LiveProblem(StatusCodes.Status400BadRequest, "Invalid input", "The viewing mode must be Live or Replay.");

    [HttpPost("sessions/{sessionId:guid}/heartbeat")]
    public async Task<IActionResult> Heartbeat(Guid id, Guid sessionId, CancellationToken cancellationToken)
    {
        await mediator.Send(new HeartbeatViewingCommand(id, sessionId), cancellationToken);
        return NoContent();
    }

    [HttpPost("sessions/{sessionId:guid}/leave")]
    public async Task<IActionResult> Leave(Guid id, Guid sessionId, CancellationToken cancellationToken)
    {
        await mediator.Send(new LeaveViewingCommand(id, sessionId), cancellationToken);
        return NoContent();
    }
}
