using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Calendars.Commands.RotateCalendarToken;
using Streaming.Application.Calendars.Queries.GetMyCalendarFeed;
using Streaming.Application.Enrollments.Commands.CancelEnrollment;
using Streaming.Application.Enrollments.Queries.GetMyClasses;
using Streaming.Domain.Common;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

[Route("me")]
public class MyClassesController(IMediator mediator) : Controller
{
    [HttpGet("classes")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["FeedUrl"] = await mediator.Send(new GetMyCalendarFeedQuery(), cancellationToken);
        return View(await mediator.Send(new GetMyClassesQuery(), cancellationToken));
    }

    [HttpPost("enrollments/{id:guid}/cancel")]
    public async Task<IActionResult> Cancel(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            TempData.Flash(FlashKind.Success, await mediator.Send(new CancelEnrollmentCommand(id), cancellationToken));
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost("calendar-feed")]
    public async Task<IActionResult> RotateFeed(CancellationToken cancellationToken)
    {
        await mediator.Send(new RotateCalendarTokenCommand(), cancellationToken);
        TempData.Flash(FlashKind.Success, "Your calendar feed link is ready. Any older link no longer works.");
        return RedirectToAction(nameof(Index));
    }
}
