using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Commands.RefundPurchase;
using Streaming.Application.Purchases.Queries.GetPurchase;
using Streaming.Application.Purchases.Queries.GetPurchases;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>/admin/purchases: every token purchase, what was refunded or disputed, tokens not recovered, and Refund.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
[Route("admin/purchases")]
public class AdminPurchasesController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] GetPurchasesQuery query, CancellationToken cancellationToken)
    {
        ModelState.Clear(); // page=abc falls back to the first page
        ViewData["Query"] = query;
        return View(await mediator.Send(query, cancellationToken));
    }

    [HttpGet("{id:guid}/refund")]
    public async Task<IActionResult> ConfirmRefund(Guid id, CancellationToken cancellationToken) =>
        View("Refund", await mediator.Send(new GetPurchaseQuery(id), cancellationToken));

    [HttpPost("{id:guid}/refund")]
    public async Task<IActionResult> Refund(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            var refund = await mediator.Send(new RefundPurchaseCommand(id), cancellationToken);
            TempData.Flash(FlashKind.Success, refund.Status == PaymentRefundStatus.Succeeded
                ? $"Refunded {refund.Refunded}. {refund.TokensTakenBack} tokens taken back"
                  + (refund.TokensNotRecovered > 0 ? $"; {refund.TokensNotRecovered} had already been spent and are recorded as not recovered." : ".")
                : $"Refund of {refund.Refunded} requested; the tokens are taken back when the payment provider confirms it.");
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
        }

        return RedirectToAction(nameof(Index));
    }
}
