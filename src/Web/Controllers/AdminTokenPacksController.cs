using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Purchases.Commands.CreateTokenPack;
using Streaming.Application.Purchases.Commands.SetTokenPackActive;
using Streaming.Application.Purchases.Commands.UpdateTokenPack;
using Streaming.Application.Purchases.Queries.GetTokenPackForm;
using Streaming.Application.Purchases.Queries.GetTokenPacks;
using Streaming.Domain.Users;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>/admin/token-packs: the super admin's list of packs, with create, edit, disable and enable.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
[Route("admin/token-packs")]
public class AdminTokenPacksController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetTokenPacksQuery(), cancellationToken));

    [HttpGet("new")]
    public IActionResult New() => View("Form", new CreateTokenPackCommand());

    [HttpPost("new")]
    public async Task<IActionResult> New(CreateTokenPackCommand command, CancellationToken cancellationToken)
    {
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View("Form", command);
        TempData.Flash(FlashKind.Success, $"The pack \"{command.Name.Trim()}\" is on sale.");
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken) =>
        View("Form", await mediator.Send(new GetTokenPackFormQuery(id), cancellationToken));

    [HttpPost("{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, UpdateTokenPackCommand command, CancellationToken cancellationToken)
    {
        command.Id = id;
        await this.SendFormAsync(mediator, command, cancellationToken);
        if (!ModelState.IsValid) return View("Form", command);
        TempData.Flash(FlashKind.Success, $"The pack \"{command.Name.Trim()}\" was saved. Purchases already made keep what they bought.");
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:guid}/disable")]
    public Task<IActionResult> Disable(Guid id, CancellationToken cancellationToken) => SetActiveAsync(id, false, cancellationToken);

    [HttpPost("{id:guid}/enable")]
    public Task<IActionResult> Enable(Guid id, CancellationToken cancellationToken) => SetActiveAsync(id, true, cancellationToken);

    private async Task<IActionResult> SetActiveAsync(Guid id, bool active, CancellationToken cancellationToken)
    {
        var name = await mediator.Send(new SetTokenPackActiveCommand(id, active), cancellationToken);
        TempData.Flash(FlashKind.Success, active ? $"\"{name}\" is on sale again." : $"\"{name}\" is no longer offered.");
        return RedirectToAction(nameof(Index));
    }
}
