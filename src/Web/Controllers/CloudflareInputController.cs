using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Live.Commands.CreateLiveInput;
using Streaming.Domain.Common;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>
/// "Create the live input" on the broadcast page, for a class scheduled before the app used
/// Cloudflare Stream. The owning instructor only (404 from the handler for anyone else).
/// </summary>
[Route("instructor/streams/{id:guid}/broadcast/input")]
public class CloudflareInputController(IMediator mediator) : Controller
{
    [HttpPost("")]
    public async Task<IActionResult> Create(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new CreateLiveInputCommand(id), cancellationToken);
            TempData.Flash(FlashKind.Success, "The Cloudflare live input is ready. You can go live.");
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction("Index", "Broadcast", new { id });
    }
}
