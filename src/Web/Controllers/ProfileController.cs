using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Account.Commands.LinkExternalLogin;
using Streaming.Application.Account.Commands.UnlinkExternalLogin;
using Streaming.Application.Account.Queries.GetSignInMethods;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Profiles.Commands.RemoveAvatar;
using Streaming.Application.Profiles.Commands.SetAvatar;
using Streaming.Application.Profiles.Commands.UpdateProfile;
using Streaming.Application.Profiles.Common;
using Streaming.Application.Profiles.Queries.GetAvatar;
using Streaming.Application.Profiles.Queries.GetMyProfile;
using Streaming.Domain.Common;
using Streaming.Web.Infrastructure;
using Streaming.Web.Models;

namespace Streaming.Web.Controllers;

/// <summary>The member's own profile: display name, time zone, avatar, and the providers they sign in with.</summary>
[Route("me/profile")]
public class ProfileController(IMediator mediator, TimeProvider clock) : Controller
{
    private const long MaxAvatarUpload = 6 * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var profile = await mediator.Send(new GetMyProfileQuery(), cancellationToken);
        return View(await PageAsync(profile, new UpdateProfileCommand { DisplayName = profile.DisplayName, TimeZone = profile.TimeZone, Bio = profile.Bio }, cancellationToken));
    }

    /// <summary>"Link" a provider: off to it; the answer counts only for this account.</summary>
    [HttpPost("logins/link")]
    public IActionResult LinkLogin(string? provider, [FromServices] IExternalLogins externalLogins)
    {
        if (externalLogins.Providers.All(p => p.Name != provider)) return NotFound();
        var callback = Url.Action(nameof(LoginLinked))!;
        return Challenge(ExternalChallenge.Properties(provider!, callback, User.FindFirstValue(ClaimTypes.NameIdentifier)), provider!);
    }

    [HttpGet("logins/linked")]
    public async Task<IActionResult> LoginLinked(CancellationToken cancellationToken)
    {
        try
        {
            var provider = await mediator.Send(new LinkExternalLoginCommand(), cancellationToken);
            TempData.Flash(FlashKind.Success, $"{provider} is linked: you can sign in with it.");
        }
        catch (DomainException e)
        {
            TempData.Flash(FlashKind.Error, e.Message);
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost("logins/unlink")]
    public async Task<IActionResult> UnlinkLogin(string? provider, CancellationToken cancellationToken)
    {
        try
        {
            var name = await mediator.Send(new UnlinkExternalLoginCommand(provider ?? ""), cancellationToken);
            TempData.Flash(FlashKind.Success, $"{name} is unlinked. Your other devices were signed out.");
        }
        catch (DomainException e)
        {
            TempData.Flash(FlashKind.Error, e.Message);
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost("")]
    public async Task<IActionResult> Index(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(await PageAsync(await mediator.Send(new GetMyProfileQuery(), cancellationToken), command, cancellationToken));
        TempData.Flash(FlashKind.Success, "Your profile is saved.");
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
        if (!ModelState.IsValid) return View(nameof(Index), await PageAsync(profile, new UpdateProfileCommand { DisplayName = profile.DisplayName, TimeZone = profile.TimeZone, Bio = profile.Bio }, cancellationToken));
        TempData.Flash(FlashKind.Success, "Your avatar is updated.");
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("avatar/remove")]
    public async Task<IActionResult> RemoveAvatar(CancellationToken cancellationToken)
    {
        await mediator.Send(new RemoveAvatarCommand(), cancellationToken);
        TempData.Flash(FlashKind.Success, "Your avatar is removed.");
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

    private async Task<ProfilePageModel> PageAsync(MyProfileDto profile, UpdateProfileCommand form, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return new ProfilePageModel(profile, form, TimeZones.Pickable.Select(z => new TimeZoneOption(z.Id, TimeZones.Label(z, now))).ToList(),
            await mediator.Send(new GetSignInMethodsQuery(), cancellationToken));
    }
}
