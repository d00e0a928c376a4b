using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Notifications.Commands.Unsubscribe;
using Streaming.Application.Notifications.Queries.GetUnsubscribe;

namespace Streaming.Web.Controllers;

/// <summary>
/// The unsubscribe link of every optional email. GET shows what it turns off and a button (nothing
/// changes on a GET: mail scanners open links too); POST turns it off — from that button, or straight
/// from a mail program's one-click unsubscribe (RFC 8058: <c>List-Unsubscribe=One-Click</c> posted
/// to the same URL, no cookie, no antiforgery token: the signed token is the proof).
/// </summary>
[AllowAnonymous]
[Route("email")]
public class EmailController(IMediator mediator) : Controller
{
    [HttpGet("unsubscribe")]
    public async Task<IActionResult> Unsubscribe([FromQuery] string? token, CancellationToken cancellationToken)
    {
        UnsubscribePageDto page;
        try
        {
            page = await mediator.Send(new GetUnsubscribeQuery(token), cancellationToken);
        }
        catch (ValidationException)
        {
            page = new UnsubscribePageDto(null, false); // a token of the wrong shape is as invalid as a forged one
        }

        if (page.Category is null) Response.StatusCode = StatusCodes.Status400BadRequest;
        ViewData["Token"] = token;
        return View(page);
    }

    [HttpPost("unsubscribe")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> UnsubscribeConfirmed([FromQuery] string? token, CancellationToken cancellationToken)
    {
        UnsubscribeResult result;
        try
        {
            result = await mediator.Send(new UnsubscribeCommand(token), cancellationToken);
        }
        catch (ValidationException)
        {
            result = new UnsubscribeResult(null);
        }

        if (!result.Succeeded) Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Unsubscribed", result);
    }
}
