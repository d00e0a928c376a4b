using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Following.Commands.FollowInstructor;
using Streaming.Application.Following.Commands.UnfollowInstructor;
using Streaming.Application.Following.Queries.GetFollowing;
using Streaming.Application.Following.Queries.GetInstructorPage;
using Streaming.Domain.Common;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>Instructors' public pages, following them, and the member's list of followed instructors.</summary>
public class InstructorsController(IMediator mediator) : Controller
{
    [AllowAnonymous]
    [HttpGet("instructors/{id}")]
    public async Task<IActionResult> Show(string id, CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetInstructorPageQuery(id), cancellationToken));

    [HttpPost("instructors/{id}/follow")]
    public Task<IActionResult> Follow(string id, string? returnUrl, CancellationToken cancellationToken) =>
        ChangeAsync(new FollowInstructorCommand(id), name => $"You follow {name}. We will email you when they schedule a class.", id, returnUrl, cancellationToken);

    [HttpPost("instructors/{id}/unfollow")]
    public Task<IActionResult> Unfollow(string id, string? returnUrl, CancellationToken cancellationToken) =>
        ChangeAsync(new UnfollowInstructorCommand(id), name => $"You no longer follow {name}.", id, returnUrl, cancellationToken);

    [HttpGet("me/following")]
    public async Task<IActionResult> Following(CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetFollowingQuery(), cancellationToken));

    private async Task<IActionResult> ChangeAsync(IRequest<string> command, Func<string, string> message, string id, string? returnUrl, CancellationToken cancellationToken)
    {
        try
        {
            TempData.Flash(FlashKind.Success, message(await mediator.Send(command, cancellationToken)));
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction(nameof(Show), new { id });
    }
}
