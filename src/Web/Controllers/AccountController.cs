using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Account.Commands.BecomeInstructor;
using Streaming.Application.Account.Commands.RegisterMember;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Microsoft.Extensions.Options;
using Streaming.Web.Infrastructure;
using Streaming.Web.Infrastructure.RateLimiting;
using Streaming.Web.Models;

namespace Streaming.Web.Controllers;

[Route("account")]
public class AccountController(IMediator mediator, IIdentityService identity, IOptions<IdentityOptions> identityOptions) : Controller
{
    [AllowAnonymous]
    [HttpGet("register")]
    public IActionResult Register() => View(new RegisterMemberCommand());

    [AllowAnonymous]
    [HttpPost("register")]
    [RateLimited(RateLimitPolicies.SignUp, AccountField = nameof(RegisterMemberCommand.Email))]
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
    [RateLimited(RateLimitPolicies.Login, AccountField = nameof(LoginViewModel.Email))]
    public async Task<IActionResult> Login(LoginViewModel model)
    {
        if (string.IsNullOrWhiteSpace(model.Email)) ModelState.AddModelError(nameof(model.Email), "Enter your email address.");
        if (string.IsNullOrEmpty(model.Password)) ModelState.AddModelError(nameof(model.Password), "Enter your password.");
        if (!ModelState.IsValid) return View(model with { Password = "" });

        switch (await identity.PasswordSignInAsync(model.Email.Trim(), model.Password, model.RememberMe))
        {
            case SignInOutcome.Succeeded:
                return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
            case SignInOutcome.RequiresTwoFactor:
                return RedirectToAction(nameof(LoginTwoFactor), new { model.ReturnUrl, model.RememberMe });
            case SignInOutcome.LockedOut:
                ModelState.AddModelError(string.Empty, LockedOutMessage);
                break;
            default:
                ModelState.AddModelError(string.Empty, "The email or password is wrong.");
                break;
        }

        return View(model with { Password = "" });
    }

    /// <summary>The second step of a sign-in with two-factor authentication on.</summary>
    [AllowAnonymous]
    [HttpGet("login/two-factor")]
    public async Task<IActionResult> LoginTwoFactor(string? returnUrl, bool rememberMe) =>
        await identity.HasPendingTwoFactorAsync()
            ? View(new TwoFactorLoginViewModel { ReturnUrl = returnUrl, RememberMe = rememberMe })
            : RedirectToAction(nameof(Login), new { returnUrl });

    [AllowAnonymous]
    [HttpPost("login/two-factor")]
    [RateLimited(RateLimitPolicies.TwoFactor)]
    public async Task<IActionResult> LoginTwoFactor(TwoFactorLoginViewModel model)
    {
        var code = model.Code?.Trim() ?? "";
        if (code.Length == 0) ModelState.AddModelError(nameof(model.Code), "Enter the code from your authenticator app, or a recovery code.");
        if (!ModelState.IsValid) return View(model with { Code = "" });
        if (!await identity.HasPendingTwoFactorAsync())
        {
            TempData["Error"] = "Your sign-in took too long. Please log in again.";
            return RedirectToAction(nameof(Login), new { model.ReturnUrl });
        }

        var isRecoveryCode = !code.Replace(" ", "", StringComparison.Ordinal).All(char.IsAsciiDigit);
        switch (await identity.TwoFactorSignInAsync(code, isRecoveryCode, model.RememberMe))
        {
            case SignInOutcome.Succeeded:
                if (isRecoveryCode) TempData["Flash"] = "You signed in with a recovery code; it cannot be used again. Make new ones on the security page if you are running low.";
                return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
            case SignInOutcome.LockedOut:
                ModelState.AddModelError(string.Empty, LockedOutMessage);
                break;
            default:
                ModelState.AddModelError(nameof(model.Code), "That code is not valid.");
                break;
        }

        ModelState.SetModelValue(nameof(model.Code), string.Empty, string.Empty);
        return View(model with { Code = "" });
    }

    private string LockedOutMessage =>
        $"Too many failed attempts. This account is locked for {identityOptions.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes:0} minutes.";

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
    [RateLimited(RateLimitPolicies.AccessCode)]
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
