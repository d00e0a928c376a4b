using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using QRCoder;
using Streaming.Application.Account.Commands.ChangePassword;
using Streaming.Application.Account.Commands.DeleteAccount;
using Streaming.Application.Account.Commands.DisableTwoFactor;
using Streaming.Application.Account.Commands.EnableTwoFactor;
using Streaming.Application.Account.Commands.NewRecoveryCodes;
using Streaming.Application.Account.Commands.SetPassword;
using Streaming.Application.Account.Commands.SignOutEverywhere;
using Streaming.Application.Account.Queries.ExportMyData;
using Streaming.Application.Account.Queries.GetAuthenticatorSetup;
using Streaming.Application.Account.Queries.GetSecurity;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>
/// Account self-service: password, two-factor sign-in, sessions, download my data, delete my
/// account. Everything acts on the signed-in account only (no ids in the URLs).
/// </summary>
[Route("account/security")]
public class AccountSecurityController(IMediator mediator) : Controller
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetSecurityQuery(), cancellationToken));

    [HttpGet("password")]
    public IActionResult Password() => View(new ChangePasswordCommand());

    [HttpPost("password")]
    public async Task<IActionResult> Password(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(new ChangePasswordCommand());
        TempData.Flash(FlashKind.Success, "Your password is changed. Every other device was signed out.");
        return RedirectToAction(nameof(Index));
    }

    /// <summary>An account made with Apple or Google has no password until the member sets one.</summary>
    [HttpGet("set-password")]
    public IActionResult SetPassword() => View(new SetPasswordCommand());

    [HttpPost("set-password")]
    public async Task<IActionResult> SetPassword(SetPasswordCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(new SetPasswordCommand());
        TempData.Flash(FlashKind.Success, "Your password is set: you can also log in with your email and this password.");
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("sign-out-everywhere")]
    public async Task<IActionResult> SignOutEverywhere(CancellationToken cancellationToken)
    {
        await mediator.Send(new SignOutEverywhereCommand(), cancellationToken);
        TempData.Flash(FlashKind.Success, "You are signed out on every device, this one included.");
        return RedirectToAction("Login", "Account");
    }

    [HttpGet("two-factor")]
    public async Task<IActionResult> TwoFactor(CancellationToken cancellationToken)
    {
        var security = await mediator.Send(new GetSecurityQuery(), cancellationToken);
        if (security.TwoFactorEnabled) return RedirectToAction(nameof(Index));
        var setup = await mediator.Send(new GetAuthenticatorSetupQuery(), cancellationToken);
        return View(new TwoFactorSetupModel(setup.SharedKey, setup.OtpAuthUri, QrCodeDataUri(setup.OtpAuthUri), new EnableTwoFactorCommand()));
    }

    [HttpPost("two-factor")]
    public async Task<IActionResult> TwoFactor(EnableTwoFactorCommand command, CancellationToken cancellationToken)
    {
        var codes = await this.SendFormAsync(mediator, command, cancellationToken);
        if (codes is null)
        {
            ModelState.SetModelValue(nameof(command.Code), string.Empty, string.Empty);
            var setup = await mediator.Send(new GetAuthenticatorSetupQuery(), cancellationToken);
            return View(new TwoFactorSetupModel(setup.SharedKey, setup.OtpAuthUri, QrCodeDataUri(setup.OtpAuthUri), new EnableTwoFactorCommand()));
        }

        TempData.Flash(FlashKind.Success, "Two-factor sign-in is on.");
        return View("RecoveryCodes", codes);
    }

    [HttpPost("two-factor/disable")]
    public async Task<IActionResult> DisableTwoFactor(DisableTwoFactorCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid)
        {
            TempData.Flash(FlashKind.Error, string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
            return RedirectToAction(nameof(Index));
        }

        TempData.Flash(FlashKind.Success, "Two-factor sign-in is off.");
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("two-factor/recovery-codes")]
    public async Task<IActionResult> RecoveryCodes(CancellationToken cancellationToken) =>
        View("RecoveryCodes", await mediator.Send(new NewRecoveryCodesCommand(), cancellationToken));

    /// <summary>Everything we keep about the member, as a JSON file.</summary>
    [HttpGet("export")]
    public async Task<IActionResult> Export(CancellationToken cancellationToken)
    {
        var data = await mediator.Send(new ExportMyDataQuery(), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(data, ExportJson), "application/json",
            $"streaming-my-data-{data.ExportedAt.UtcDateTime:yyyy-MM-dd}.json");
    }

    [HttpGet("delete")]
    public IActionResult Delete() => View(new DeleteAccountCommand());

    [HttpPost("delete")]
    public async Task<IActionResult> Delete(DeleteAccountCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(new DeleteAccountCommand());
        TempData.Flash(FlashKind.Success, "Your account is deleted. Thank you for training with us.");
        return RedirectToAction("Index", "Home");
    }

    /// <summary>The otpauth:// URI as a QR code image for authenticator apps to scan (a data: URI; the CSP allows data: images).</summary>
    private static string QrCodeDataUri(string otpAuthUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(otpAuthUri, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }
}

public sealed record TwoFactorSetupModel(string SharedKey, string OtpAuthUri, string QrCodeDataUri, EnableTwoFactorCommand Form);
