using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Admin.Commands.PromoteToInstructor;
using Streaming.Application.Admin.Queries.GetUsers;
using Streaming.Domain.Users;

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

    [HttpPost("users/{id}/make-instructor")]
    public async Task<IActionResult> MakeInstructor(string id, CancellationToken cancellationToken)
    {
        await mediator.Send(new PromoteToInstructorCommand(id), cancellationToken);
        TempData["Flash"] = "The account is now an instructor.";
        return RedirectToAction(nameof(Users));
    }
}
