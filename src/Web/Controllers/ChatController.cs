using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Chat.Queries.JoinChat;

namespace Streaming.Web.Controllers;

/// <summary>
/// The chat on a page of its own, for moderators: super admins (who have no watch page for a class
/// they are not enrolled in) and the instructor. Members use the panel on the watch page.
/// </summary>
[Route("streams/{id:guid}/chat")]
public class ChatController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Guid id, CancellationToken cancellationToken)
    {
        var room = await mediator.Send(new JoinChatQuery(id), cancellationToken);
        return room.CanModerate ? View(room) : RedirectToAction("Index", "Watch", new { id });
    }
}
