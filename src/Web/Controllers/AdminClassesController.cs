using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Admin.Commands.CancelClass;
using Streaming.Application.Admin.Queries.GetClasses;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Web.Infrastructure;
using Streaming.Web.Models;

namespace Streaming.Web.Controllers;

/// <summary>Every class for moderation (/admin/classes): filters, paging and "Cancel with refunds".</summary>
[Authorize(Roles = Roles.SuperAdmin)]
[Route("admin/classes")]
public class AdminClassesController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] GetClassesQuery query, CancellationToken cancellationToken)
    {
        ViewData["Query"] = query;
        return View(await mediator.Send(query, cancellationToken));
    }

    [HttpPost("{id:guid}/cancel")]
    public async Task<IActionResult> Cancel(Guid id, AccountActionForm form, [FromQuery] GetClassesQuery query, CancellationToken cancellationToken)
    {
        var result = await this.SendFormAsync(mediator, new CancelClassCommand(id, form.Reason), cancellationToken);
        if (result is null)
        {
            ViewData["Query"] = query;
            ViewData["FailedId"] = id;
            ViewData["ActionReason"] = form.Reason;
            return View(nameof(Index), await mediator.Send(query, cancellationToken));
        }

        TempData.Flash(FlashKind.Success, "The class is cancelled. " + result.Refunded switch
        {
            0 => "Nobody had paid for it",
            1 => "1 member was refunded",
            var n => $"{n} members were refunded",
        } + (result.PendingRefunds > 0 ? $"; {result.PendingRefunds} refunds will be retried automatically." : ".") + " Enrolled members are emailed.");
        return RedirectToAction(nameof(Index), new { query.Status, query.Instructor, query.Search, query.Page });
    }
}
