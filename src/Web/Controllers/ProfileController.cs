using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Profiles.Commands.RemoveAvatar;
using Streaming.Application.Profiles.Commands.SetAvatar;
using Streaming.Application.Profiles.Commands.UpdateProfile;
using Streaming.Application.Profiles.Common;
using Streaming.Application.Profiles.Queries.GetAvatar;
using Streaming.Application.Profiles.Queries.GetMyProfile;
using Streaming.Web.Infrastructure;
using Streaming.Web.Models;

namespace Streaming.Web.Controllers;

/// <summary>The member's own profile: display name, time zone, avatar.</summary>
[Route("me/profile")]
public class ProfileController(IMediator mediator, TimeProvider clock) : Controller
{
    private const long MaxAvatarUpload = 6 * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var profile = await mediator.Send(new GetMyProfileQuery(), cancellationToken);
        return View(Page(profile, new UpdateProfileCommand { DisplayName = profile.DisplayName, TimeZone = profile.TimeZone }));
    }

    [HttpPost("")]
    public async Task<IActionResult> Index(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(Page(await mediator.Send(new GetMyProfileQuery(), cancellationToken), command));
        TempData["Flash"] = "Your profile is saved.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Upload an avatar (JPEG, PNG or WebP up to 5 MB; checked by content, stored as a 256-pixel JPEG).</summary>
    [HttpPost("avatar")]
    [RequestBodyLimit(MaxAvatarUpload)]
    [RequestSizeLimit(MaxAvatarUpload)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxAvatarUpload)]
    public async Task<IActionResult> Avatar(IFormFile? file, CancellationToken cancellationToken)
    {
        await using var content = file is { Length: > 0 } ? file.OpenReadStream() : null;
        await this.SendFormAsync(mediator, new SetAvatarCommand(content), cancellationToken);
        var profile = await mediator.Send(new GetMyProfileQuery(), cancellationToken);
        if (!ModelState.IsValid) return View(nameof(Index), Page(profile, new UpdateProfileCommand { DisplayName = profile.DisplayName, TimeZone = profile.TimeZone }));
        TempData["Flash"] = "Your avatar is updated.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("avatar/remove")]
    public async Task<IActionResult> RemoveAvatar(CancellationToken cancellationToken)
    {
        await mediator.Send(new RemoveAvatarCommand(), cancellationToken);
        TempData["Flash"] = "Your avatar is removed.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>An avatar image: an instructor's for anyone, a member's for that member only (404 otherwise).</summary>
    [AllowAnonymous]
    [HttpGet("~/profiles/{id}/avatar")]
    public async Task<IActionResult> AvatarImage(string id, CancellationToken cancellationToken)
    {
        if (id.Length > 64) return NotFound();
        var image = await mediator.Send(new GetAvatarQuery(id), cancellationToken);
        if (image is null) return NotFound();
        // The URL carries the image's version (?v=), so a new upload is a new URL.
        Response.Headers.CacheControl = "private, max-age=86400";
        Response.RegisterForDisposeAsync(image);
        return File(image.Content, "image/jpeg");
    }

    private ProfilePageModel Page(MyProfileDto profile, UpdateProfileCommand form)
    {
        var now = clock.GetUtcNow();
        return new ProfilePageModel(profile, form, TimeZones.Pickable.Select(z => new TimeZoneOption(z.Id, TimeZones.Label(z, now))).ToList());
    }
}
