using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Notifications.Commands.SaveNotificationSettings;
using Streaming.Application.Notifications.Queries.GetNotificationSettings;
using Streaming.Domain.Notifications;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>/me/notifications: which emails the member gets.</summary>
[Route("me/notifications")]
public class NotificationsController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetNotificationSettingsQuery(), cancellationToken));

    /// <summary>The ticked categories (unknown values are ignored; account mail cannot be turned off).</summary>
    [HttpPost("")]
    public async Task<IActionResult> Save([FromForm] List<string>? on, CancellationToken cancellationToken)
    {
        var wanted = (on ?? []).Select(v => Enum.TryParse<EmailCategory>(v, out var c) && Enum.IsDefined(c) ? c : (EmailCategory?)null)
            .OfType<EmailCategory>().ToHashSet();
        await mediator.Send(new SaveNotificationSettingsCommand(wanted), cancellationToken);
        TempData.Flash(FlashKind.Success, "Your email settings are saved.");
        return RedirectToAction(nameof(Index));
    }
}
