using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Streaming.Application.Calendars.Queries.GetClassCalendar;
using Streaming.Application.Enrollments.Commands.BuyReplay;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Enrollments.Commands.JoinWaitlist;
using Streaming.Application.Enrollments.Commands.LeaveWaitlist;

using Streaming.Application.Enrollments.Common;
using Streaming.Application.Streams.Queries.GetCatalog;
using Streaming.Application.Streams.Queries.GetStreamDetails;
using Streaming.Application.Streams.Queries.GetThumbnail;
using Streaming.Domain.Common;
using Streaming.Web.Infrastructure;
using Streaming.Web.Infrastructure.RateLimiting;

namespace Streaming.Web.Controllers;

[Route("streams")]
public class StreamsController(IMediator mediator, VisitorTimeZone visitorZone) : Controller
{
    /// <summary>The public catalog; filters live in the query string so links can be shared.</summary>
    [AllowAnonymous]
    [HttpGet("")]
    [OutputCache(PolicyName = CatalogOutputCache.Policy)]
    public async Task<IActionResult> Index([FromQuery] GetCatalogQuery query, CancellationToken cancellationToken)
    {
        // A malformed filter (page=abc, from=notadate) falls back to its default rather than failing the page.
        ModelState.Clear();
        if (query.Q?.Length > 100) query.Q = query.Q[..100];
        query.TimeZone = visitorZone.KnownId; // days are the visitor's days
        ViewData["Query"] = query;
        return View(await mediator.Send(query, cancellationToken));
    }

    [AllowAnonymous]
    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetStreamDetailsQuery(id), cancellationToken));

    /// <summary>Where the login page sends a visitor back after "Enroll" asked them to log in.</summary>
    [HttpGet("{id:guid}/enroll")]
    public IActionResult EnrollAfterLogin(Guid id) => RedirectToAction(nameof(Details), new { id });

    [HttpPost("{id:guid}/enroll")]
    [RateLimited(RateLimitPolicies.Enroll)]
    public async Task<IActionResult> Enroll(Guid id, int? expectedPrice, CancellationToken cancellationToken)
    {
        try
        {
            var result = await mediator.Send(new EnrollInStreamCommand(id, expectedPrice), cancellationToken);
            TempData.Flash(result.Succeeded ? FlashKind.Success : FlashKind.Error, result.Message);
            // The message offers "Buy tokens — you need N more", coming back to this class.
            if (result.Outcome == EnrollmentOutcome.InsufficientBalance) TempData.OfferBuyTokens(result.Price);
        }
        catch (DomainException ex)
        {
            // Full, cancelled, ended…: the reason goes on the class page.
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost("{id:guid}/waitlist")]
    [RateLimited(RateLimitPolicies.Enroll)]
    public Task<IActionResult> JoinWaitlist(Guid id, CancellationToken cancellationToken) =>
        ToClassPageAsync(id, () => mediator.Send(new JoinWaitlistCommand(id), cancellationToken));

    [HttpPost("{id:guid}/waitlist/leave")]
    public Task<IActionResult> LeaveWaitlist(Guid id, CancellationToken cancellationToken) =>
        ToClassPageAsync(id, () => mediator.Send(new LeaveWaitlistCommand(id), cancellationToken));

    /// <summary>Runs a class-page action and shows its message (or the rule it broke) on the class page.</summary>
    private async Task<IActionResult> ToClassPageAsync(Guid id, Func<Task<string>> action)
    {
        try
        {
            TempData.Flash(FlashKind.Success, await action());
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    /// <summary>Buys replay-only access to a past class; on success the member watches at once.</summary>
    [HttpPost("{id:guid}/replay")]
    [RateLimited(RateLimitPolicies.Enroll)]
    public async Task<IActionResult> BuyReplay(Guid id, int? expectedPrice, CancellationToken cancellationToken)
    {
        try
        {
            var result = await mediator.Send(new BuyReplayCommand(id, expectedPrice), cancellationToken);
            TempData.Flash(result.Succeeded ? FlashKind.Success : FlashKind.Error, result.Message);
            if (result.Succeeded) return RedirectToAction("Index", "Watch", new { id });
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    [AllowAnonymous]
    [HttpGet("{id:guid}/thumbnail")]
    public async Task<IActionResult> Thumbnail(Guid id, string? v, CancellationToken cancellationToken)
    {
        var thumbnail = await mediator.Send(new GetThumbnailQuery(id, v), cancellationToken);
        if (thumbnail.CurrentVersion is null) return NotFound();
        if (thumbnail.Image is not { } image)
        {
            // An old or missing version: point at the current one, and let nobody cache this answer.
            Response.Headers.CacheControl = "no-cache";
            return RedirectToAction(nameof(Thumbnail), new { id, v = thumbnail.CurrentVersion });
        }

        // A new image gets a new URL, so this one never changes: cache it anywhere, for good.
        Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        Response.RegisterForDisposeAsync(image);
        return File(image.Content, "image/jpeg");
    }

    [AllowAnonymous]
    [HttpGet("{id:guid}/calendar.ics")]
    public async Task<IActionResult> Calendar(Guid id, CancellationToken cancellationToken)
    {
        var file = await mediator.Send(new GetClassCalendarQuery(id), cancellationToken);
        return File(System.Text.Encoding.UTF8.GetBytes(file.Content), "text/calendar; charset=utf-8", file.FileName);
    }
}
