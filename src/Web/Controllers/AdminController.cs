using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Admin.Commands.PromoteToInstructor;
using Streaming.Application.Admin.Commands.RetryEmail;
using Streaming.Application.Admin.Commands.RunJobNow;
using Streaming.Application.Admin.Queries.GetJobs;
using Streaming.Application.Admin.Queries.GetUsers;
using Streaming.Application.Tokens.Commands.GrantTokens;
using Streaming.Domain.Common;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

[Authorize(Roles = Roles.SuperAdmin)]
[Route("admin")]
public class AdminController(IMediator mediator) : Controller
{
    [HttpGet("users")]
    public async Task<IActionResult> Users(string? search, CancellationToken cancellationToken)
    {
        ViewData["Search"] = search;
        return View(await mediator.Send(new GetUsersQuery { Search = search }, cancellationToken));
    }

    [HttpGet("tokens")]
    public IActionResult Tokens(string? email) => View(new GrantTokensCommand { Email = email ?? "", RequestId = Guid.NewGuid() });

    [HttpPost("tokens")]
    public async Task<IActionResult> Tokens(GrantTokensCommand command, CancellationToken cancellationToken)
    {
        var balance = await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View(command);

        TempData["Flash"] = $"Granted {TokenCount.Format(command.Amount)} to {command.Email}. Their balance is now {balance}.";
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
            TempData["Flash"] = $"\"{name}\" is starting. Reload this page to see its run.";
        }
        catch (DomainException ex)
        {
            TempData["Error"] = ex.Message;
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
            TempData["Flash"] = "The email is queued again.";
        }
        catch (DomainException ex)
        {
            TempData["Error"] = ex.Message;
        }

        return RedirectToAction(nameof(Jobs));
    }

    [HttpPost("users/{id}/make-instructor")]
    public async Task<IActionResult> MakeInstructor(string id, CancellationToken cancellationToken)
    {
        await mediator.Send(new PromoteToInstructorCommand(id), cancellationToken);
        TempData["Flash"] = "The account is now an instructor.";
        return RedirectToAction(nameof(Users));
    }
}
