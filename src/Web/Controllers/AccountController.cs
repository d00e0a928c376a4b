using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Account.Commands.BecomeInstructor;
using Streaming.Application.Account.Commands.RegisterMember;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Web.Infrastructure;
using Streaming.Web.Models;

namespace Streaming.Web.Controllers;

[Route("account")]
public class AccountController(IMediator mediator, IIdentityService identity) : Controller
{
    [AllowAnonymous]
    [HttpGet("register")]
    public IActionResult Register() => View(new RegisterMemberCommand());

    [AllowAnonymous]
    [HttpPost("register")]
    public async Task<IActionResult> Register(RegisterMemberCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(command);

        TempData["Flash"] = "Welcome! Your account is ready.";
        return RedirectToAction("Index", "Home");
    }

    [AllowAnonymous]
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginViewModel { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("login")]
    public async Task<IActionResult> Login(LoginViewModel model)
    {
        if (string.IsNullOrWhiteSpace(model.Email)) ModelState.AddModelError(nameof(model.Email), "Enter your email address.");
        if (string.IsNullOrEmpty(model.Password)) ModelState.AddModelError(nameof(model.Password), "Enter your password.");
        if (!ModelState.IsValid) return View(model with { Password = "" });

        switch (await identity.PasswordSignInAsync(model.Email.Trim(), model.Password, model.RememberMe))
        {
            case SignInOutcome.Succeeded:
                return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
            case SignInOutcome.LockedOut:
                ModelState.AddModelError(string.Empty, "Too many failed attempts. This account is locked for 15 minutes.");
                break;
            default:
                ModelState.AddModelError(string.Empty, "The email or password is wrong.");
                break;
        }

        return View(model with { Password = "" });
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await identity.SignOutAsync();
        return RedirectToAction("Index", "Home");
    }

    [HttpGet("become-instructor")]
    public IActionResult BecomeInstructor() =>
        User.IsInRole(Roles.Instructor) ? RedirectToAction("Index", "Home") : View(new BecomeInstructorCommand());

    [HttpPost("become-instructor")]
    public async Task<IActionResult> BecomeInstructor(BecomeInstructorCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid)
        {
            // Never echo a wrong code back into the form (tag helpers prefer the posted value).
            ModelState.SetModelValue(nameof(command.AccessCode), string.Empty, string.Empty);
            return View(command);
        }

        TempData["Flash"] = "You are now an instructor.";
        return RedirectToAction("Index", "Home");
    }

    [AllowAnonymous]
    [HttpGet("access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("~/Views/Error/Status.cshtml", ErrorViewModel.For(403));
    }
}
