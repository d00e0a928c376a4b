using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Account.Commands.BecomeInstructor;
using Streaming.Application.Account.Commands.CompleteExternalSignIn;
using Streaming.Application.Account.Commands.ConfirmExternalLink;
using Streaming.Application.Account.Common;
using Streaming.Application.Account.Queries.GetPendingExternalSignIn;
using Streaming.Application.Account.Commands.ConfirmEmail;
using Streaming.Application.Account.Commands.ConfirmEmailChange;
using Streaming.Application.Account.Commands.RegisterMember;
using Streaming.Application.Account.Commands.RequestEmailChange;
using Streaming.Application.Account.Commands.RequestPasswordReset;
using Streaming.Application.Account.Commands.ResendConfirmation;
using Streaming.Application.Account.Commands.ResetPassword;
using Streaming.Application.Account.Queries.GetAccountEmail;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Microsoft.Extensions.Options;
using Streaming.Web.Infrastructure;
using Streaming.Web.Infrastructure.RateLimiting;
using Streaming.Web.Models;

namespace Streaming.Web.Controllers;

[Route("account")]
public class AccountController(IMediator mediator, IIdentityService identity, IExternalLogins externalLogins, IOptions<IdentityOptions> identityOptions) : Controller
{
    [AllowAnonymous]
    [HttpGet("register")]
    public IActionResult Register() => View(new RegisterMemberCommand());

    [AllowAnonymous]
    [HttpPost("register")]
    [RateLimited(RateLimitPolicies.SignUp, AccountField = nameof(RegisterMemberCommand.Email))]
    public async Task<IActionResult> Register(RegisterMemberCommand command, CancellationToken cancellationToken)
    {
        var userId = await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid || userId is null) return View(command);

        TempData.Flash(FlashKind.Success, "Welcome! Your account is ready.");
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
            case SignInOutcome.Disabled:
                ModelState.AddModelError(string.Empty, DisabledMessage);
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
            TempData.Flash(FlashKind.Error, "Your sign-in took too long. Please log in again.");
            return RedirectToAction(nameof(Login), new { model.ReturnUrl });
        }

        var isRecoveryCode = !code.Replace(" ", "", StringComparison.Ordinal).All(char.IsAsciiDigit);
        switch (await identity.TwoFactorSignInAsync(code, isRecoveryCode, model.RememberMe))
        {
            case SignInOutcome.Succeeded:
                if (isRecoveryCode) TempData.Flash(FlashKind.Success, "You signed in with a recovery code; it cannot be used again. Make new ones on the security page if you are running low.");
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

    /// <summary>"Sign in with Apple/Google": off to the provider (counted like a login attempt).</summary>
    [AllowAnonymous]
    [HttpPost("external-login")]
    [RateLimited(RateLimitPolicies.Login)]
    public IActionResult ExternalLogin(string? provider, string? returnUrl)
    {
        if (externalLogins.Providers.All(p => p.Name != provider)) return NotFound();
        var callback = Url.Action(nameof(ExternalLoginCallback), new { returnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null })!;
        return Challenge(ExternalChallenge.Properties(provider!, callback), provider!);
    }

    /// <summary>Back from the provider (its answer checked by the authentication handler): sign in, sign up, or ask for the password.</summary>
    [AllowAnonymous]
    [HttpGet("external-login/callback")]
    public async Task<IActionResult> ExternalLoginCallback(string? returnUrl, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new CompleteExternalSignInCommand(), cancellationToken);
        switch (result.Outcome)
        {
            case ExternalSignInOutcome.Created:
                TempData.Flash(FlashKind.Success, $"Welcome! Your account is ready; you sign in with {result.Provider}.");
                return RedirectToAction("Index", "Home");
            case ExternalSignInOutcome.SignedIn:
                return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction("Index", "Home");
            case ExternalSignInOutcome.RequiresTwoFactor:
                return RedirectToAction(nameof(LoginTwoFactor), new { returnUrl });
            case ExternalSignInOutcome.NeedsPassword:
                return RedirectToAction(nameof(ExternalLoginLink), new { returnUrl });
            case ExternalSignInOutcome.LockedOut:
                TempData.Flash(FlashKind.Error, LockedOutMessage);
                return RedirectToAction(nameof(Login), new { returnUrl });
            default:
                TempData.Flash(FlashKind.Error, result.Message);
                return RedirectToAction(nameof(Login), new { returnUrl });
        }
    }

    /// <summary>The provider's verified email has an account here: its password, once, before the provider is linked.</summary>
    [AllowAnonymous]
    [HttpGet("external-login/link")]
    public async Task<IActionResult> ExternalLoginLink(string? returnUrl, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetPendingExternalSignInQuery(), cancellationToken) is not { } pending)
        {
            TempData.Flash(FlashKind.Error, ExternalSignIn.Expired);
            return RedirectToAction(nameof(Login), new { returnUrl });
        }

        return View(new ExternalLinkViewModel { Provider = pending.Provider, Email = pending.Email, ReturnUrl = returnUrl });
    }

    [AllowAnonymous]
    [HttpPost("external-login/link")]
    [RateLimited(RateLimitPolicies.Login)]
    public async Task<IActionResult> ExternalLoginLink(ExternalLinkViewModel model, CancellationToken cancellationToken)
    {
        var pending = await mediator.Send(new GetPendingExternalSignInQuery(), cancellationToken);
        var outcome = await this.SendFormAsync(mediator, new ConfirmExternalLinkCommand { Password = model.Password ?? "" }, cancellationToken);
        if (!ModelState.IsValid)
        {
            if (pending is null) return RedirectToAction(nameof(Login), new { model.ReturnUrl });
            ModelState.SetModelValue(nameof(model.Password), string.Empty, string.Empty);
            return View(model with { Provider = pending.Provider, Email = pending.Email, Password = "" });
        }

        switch (outcome)
        {
            case SignInOutcome.Succeeded:
                TempData.Flash(FlashKind.Success, $"{pending?.Provider} is linked: next time, sign in with it or with your password.");
                return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
            case SignInOutcome.RequiresTwoFactor:
                return RedirectToAction(nameof(LoginTwoFactor), new { model.ReturnUrl });
            default:
                TempData.Flash(FlashKind.Error, LockedOutMessage);
                return RedirectToAction(nameof(Login), new { model.ReturnUrl });
        }
    }

    /// <summary>The provider's answer was refused (cancelled, tampered or expired token, replayed state, provider error).</summary>
    [AllowAnonymous]
    [HttpGet("external-login/failed")]
    public IActionResult ExternalLoginFailed(string? provider, string? reason)
    {
        var name = externalLogins.Providers.FirstOrDefault(p => p.Name == provider)?.DisplayName ?? "the provider";
        TempData.Flash(FlashKind.Error, reason == "cancelled"
            ? $"Sign-in with {name} was cancelled."
            : $"Sign-in with {name} did not work. Please try again.");
        return User.Identity?.IsAuthenticated == true ? RedirectToAction("Index", "Profile") : RedirectToAction(nameof(Login));
    }

    public const string DisabledMessage = "This account has been disabled. Write to support if you think this is a mistake.";

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

        TempData.Flash(FlashKind.Success, "You are now an instructor.");
        return RedirectToAction("Index", "Home");
    }

    // ---- forgot / reset password ------------------------------------------------------------------

    [AllowAnonymous]
    [HttpGet("forgot-password")]
    public IActionResult ForgotPassword() => View(new RequestPasswordResetCommand());

    /// <summary>The same answer for every address (no account enumeration); limited per client address.</summary>
    [AllowAnonymous]
    [HttpPost("forgot-password")]
    [RateLimited(RateLimitPolicies.ForgotPassword, AccountField = nameof(RequestPasswordResetCommand.Email))]
    public async Task<IActionResult> ForgotPassword(RequestPasswordResetCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(command);
        return View("ForgotPasswordSent", command.Email.Trim());
    }

    [AllowAnonymous]
    [HttpGet("reset-password")]
    public IActionResult ResetPassword(string? userId, string? code) =>
        string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code)
            ? View("LinkInvalid")
            : View(new ResetPasswordCommand { UserId = userId, Code = code });

    [AllowAnonymous]
    [HttpPost("reset-password")]
    public async Task<IActionResult> ResetPassword(ResetPasswordCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(command);

        // Any session of this browser belongs to whoever was signed in before; start clean.
        await identity.SignOutAsync();
        TempData.Flash(FlashKind.Success, "Your password is changed. Log in with the new one.");
        return RedirectToAction(nameof(Login));
    }

    // ---- confirming and changing the address ------------------------------------------------------

    [AllowAnonymous]
    [HttpGet("confirm-email")]
    public async Task<IActionResult> ConfirmEmail(string? userId, string? code, CancellationToken cancellationToken)
    {
        try
        {
            if (!await mediator.Send(new ConfirmEmailCommand(userId, code), cancellationToken)) return LinkInvalid();
        }
        catch (Application.Common.Exceptions.ValidationException)
        {
            return LinkInvalid(); // a link of the wrong shape is as invalid as one whose code fails
        }

        TempData.Flash(FlashKind.Success, "Thank you: your email address is confirmed.");
        return RedirectToAction("Index", "Home");
    }

    [HttpPost("resend-confirmation")]
    public async Task<IActionResult> ResendConfirmation(string? returnUrl, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new ResendConfirmationCommand(), cancellationToken);
            TempData.Flash(FlashKind.Success, "We sent the confirmation link again. It can take a minute to arrive.");
        }
        catch (DomainException e)
        {
            TempData.Flash(FlashKind.Error, e.Message);
        }

        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction("Index", "Home");
    }

    [HttpGet("email")]
    public async Task<IActionResult> Email(CancellationToken cancellationToken)
    {
        ViewData["Account"] = await mediator.Send(new GetAccountEmailQuery(), cancellationToken);
        return View(new RequestEmailChangeCommand());
    }

    [HttpPost("email")]
    public async Task<IActionResult> Email(RequestEmailChangeCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid)
        {
            ViewData["Account"] = await mediator.Send(new GetAccountEmailQuery(), cancellationToken);
            return View(command);
        }

        TempData.Flash(FlashKind.Success, $"We sent a link to {command.NewEmail.Trim()}. Your address changes when you follow it.");
        return RedirectToAction(nameof(Email));
    }

    [AllowAnonymous]
    [HttpGet("confirm-email-change")]
    public async Task<IActionResult> ConfirmEmailChange(string? userId, string? email, string? code, CancellationToken cancellationToken)
    {
        try
        {
            var address = await mediator.Send(new ConfirmEmailChangeCommand(userId, email, code), cancellationToken);
            TempData.Flash(FlashKind.Success, $"Your account now uses {address}. Log in with it from now on.");
            return User.Identity?.IsAuthenticated == true ? RedirectToAction(nameof(Email)) : RedirectToAction(nameof(Login));
        }
        catch (DomainException e)
        {
            return LinkInvalid(e.Message);
        }
        catch (Application.Common.Exceptions.ValidationException e)
        {
            return LinkInvalid(string.Join(" ", e.Errors.SelectMany(x => x.Value).Distinct()));
        }
    }

    private ViewResult LinkInvalid(string? message = null)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("LinkInvalid", message);
    }

    [AllowAnonymous]
    [HttpGet("access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("~/Views/Error/Status.cshtml", ErrorViewModel.For(403));
    }
}
