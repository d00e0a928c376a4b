using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Admin.Commands.DemoteInstructor;
using Streaming.Application.Admin.Commands.DisableAccount;
using Streaming.Application.Admin.Commands.EnableAccount;
using Streaming.Application.Admin.Commands.PromoteToInstructor;
using Streaming.Application.Admin.Commands.UnlockAccount;
using Streaming.Application.Admin.Commands.RetryEmail;
using Streaming.Application.Admin.Commands.RevokeTokens;
using Streaming.Application.Admin.Queries.GetUserAccount;
using Streaming.Application.Admin.Commands.RunJobNow;
using Streaming.Application.Admin.Queries.GetJobs;
using Streaming.Application.Admin.Queries.GetUsers;
using Streaming.Application.Tokens.Commands.GrantTokens;
using Streaming.Domain.Common;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;
using Streaming.Web.Infrastructure;
using Streaming.Web.Models;

namespace Streaming.Web.Controllers;

[Authorize(Roles = Roles.SuperAdmin)]
[Route("admin")]
public class AdminController(IMediator mediator) : Controller
{
    [HttpGet("users")]
    public async Task<IActionResult> Users(string? search, int page = 1, CancellationToken cancellationToken = default)
    {
        ViewData["Search"] = search;
        return View(await mediator.Send(new GetUsersQuery { Search = search, Page = page }, cancellationToken));
    }

    /// <summary>One account: roles, balance, the latest ledger lines, and "Adjust tokens".</summary>
    [HttpGet("users/{id}")]
    public async Task<IActionResult> Account(string id, CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetUserAccountQuery(id), cancellationToken));

    /// <summary>Adds (positive) or takes back (negative) tokens with a reason: a new ledger line either way.</summary>
    [HttpPost("users/{id}/tokens")]
    public async Task<IActionResult> AdjustTokens(string id, AdjustTokensForm form, CancellationToken cancellationToken)
    {
        var account = await mediator.Send(new GetUserAccountQuery(id), cancellationToken); // 404 for an unknown id
        ViewData["AdjustForm"] = form; // shown again with its messages when something is wrong
        if (ModelState.IsValid && form.Amount is null or 0)
            ModelState.AddModelError(nameof(form.Amount), "Enter a positive number to add tokens or a negative one to take them back.");
        if (!ModelState.IsValid) return View(nameof(Account), account);

        if (form.Amount > 0)
        {
            var balance = await this.SendFormAsync(mediator, new GrantTokensCommand
            {
                Email = account.Email, Amount = form.Amount.Value, Reason = form.Reason, RequestId = form.RequestId,
            }, cancellationToken);
            if (!ModelState.IsValid) return View(nameof(Account), account);
            TempData.Flash(FlashKind.Success, $"Added {TokenCount.Format(form.Amount.Value)}. The balance is now {balance}.");
        }
        else
        {
            var asked = -form.Amount!.Value;
            var result = await this.SendFormAsync(mediator, new RevokeTokensCommand
            {
                UserId = id, Amount = asked, Reason = form.Reason, RequestId = form.RequestId,
            }, cancellationToken);
            if (!ModelState.IsValid || result is null) return View(nameof(Account), account);
            TempData.Flash(FlashKind.Success, result.Taken == asked
                ? $"Took back {TokenCount.Format(asked)}. The balance is now {result.Balance}."
                : $"Took back {TokenCount.Format(result.Taken)}: only that much was left of the {asked} asked. The balance is now {result.Balance}.");
        }

        return RedirectToAction(nameof(Account), new { id });
    }

    [HttpPost("users/{id}/unlock")]
    public Task<IActionResult> Unlock(string id, AccountActionForm form, CancellationToken cancellationToken) =>
        AccountActionAsync(id, "unlock", new UnlockAccountCommand(id, form.Reason), "The account is unlocked: it can sign in again.", cancellationToken);

    [HttpPost("users/{id}/disable")]
    public Task<IActionResult> Disable(string id, AccountActionForm form, CancellationToken cancellationToken) =>
        AccountActionAsync(id, "disable", new DisableAccountCommand(id, form.Reason), "The account is disabled and signed out everywhere.", cancellationToken);

    [HttpPost("users/{id}/enable")]
    public Task<IActionResult> Enable(string id, AccountActionForm form, CancellationToken cancellationToken) =>
        AccountActionAsync(id, "enable", new EnableAccountCommand(id, form.Reason), "The account is enabled: it can sign in again.", cancellationToken);

    [HttpPost("users/{id}/demote")]
    public Task<IActionResult> Demote(string id, AccountActionForm form, CancellationToken cancellationToken) =>
        AccountActionAsync(id, "demote", new DemoteInstructorCommand(id, form.Reason), "The account is a member again (no longer an instructor).", cancellationToken);

    /// <summary>Runs an account action; a refusal or a missing reason is shown in that action's form on the account page.</summary>
    private async Task<IActionResult> AccountActionAsync(string id, string action, IRequest<Unit> command, string done, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (ModelState.IsValid)
        {
            TempData.Flash(FlashKind.Success, done);
            return RedirectToAction(nameof(Account), new { id });
        }

        ViewData["FailedAction"] = action;
        ViewData["ActionReason"] = (command as Application.Admin.Common.IAccountActionRequest)?.Reason;
        return View(nameof(Account), await mediator.Send(new GetUserAccountQuery(id), cancellationToken));
    }

    [HttpGet("tokens")]
    public IActionResult Tokens(string? email) => View(new GrantTokensCommand { Email = email ?? "", RequestId = Guid.NewGuid() });

    [HttpPost("tokens")]
    public async Task<IActionResult> Tokens(GrantTokensCommand command, CancellationToken cancellationToken)
    {
        var balance = await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(command);

        TempData.Flash(FlashKind.Success, $"Granted {TokenCount.Format(command.Amount)} to {command.Email}. Their balance is now {balance}.");
        return RedirectToAction(nameof(Tokens));
    }

    /// <summary>The background jobs: schedules, next and last runs, last errors, "Run now".</summary>
    [HttpGet("jobs")]
    public async Task<IActionResult> Jobs(CancellationToken cancellationToken) => View(await mediator.Send(new GetJobsQuery(), cancellationToken));

    [HttpPost("jobs/{name}/run")]
    public async Task<IActionResult> RunJob(string name, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new RunJobNowCommand(name), cancellationToken);
            TempData.Flash(FlashKind.Success, $"\"{name}\" is starting. Reload this page to see its run.");
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Jobs));
    }

    /// <summary>Sends a failed email again (its tries start over).</summary>
    [HttpPost("emails/{id:guid}/retry")]
    public async Task<IActionResult> RetryEmail(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new RetryEmailCommand(id), cancellationToken);
            TempData.Flash(FlashKind.Success, "The email is queued again.");
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Jobs));
    }

    [HttpPost("users/{id}/make-instructor")]
    public async Task<IActionResult> MakeInstructor(string id, CancellationToken cancellationToken)
    {
        await mediator.Send(new PromoteToInstructorCommand(id), cancellationToken);
        TempData.Flash(FlashKind.Success, "The account is now an instructor.");
        return RedirectToAction(nameof(Users));
    }
}
