using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Workouts.Commands.SetWorkoutPublished;
using Streaming.Application.Workouts.Queries.GetWorkout;
using Streaming.Application.Workouts.Queries.GetWorkouts;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>The on-demand workout catalog (signed-in members); instructors unpublish their own workouts.</summary>
[Route("workouts")]
public class WorkoutsController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] GetWorkoutsQuery query, CancellationToken cancellationToken)
    {
        ModelState.Clear(); // a malformed filter falls back to its default
        if (query.Q?.Length > 100) query.Q = query.Q[..100];
        ViewData["Query"] = query;
        return View(await mediator.Send(query, cancellationToken));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetWorkoutQuery(id), cancellationToken));

    /// <summary>Unpublish (published=false) or publish again; the workout's instructor or a super admin (404 otherwise).</summary>
    [HttpPost("{id:guid}/publish")]
    public async Task<IActionResult> Publish(Guid id, bool published, string? returnUrl, CancellationToken cancellationToken)
    {
        var title = await mediator.Send(new SetWorkoutPublishedCommand(id, published), cancellationToken);
        TempData.Flash(FlashKind.Success, published ? $"\"{title}\" is back in the workout catalog." : $"\"{title}\" is unpublished: members no longer see it.");
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction("Index", "InstructorStreams");
    }
}
