using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Purchases.Commands.CompletePurchase;
using Streaming.Application.Purchases.Commands.StartPurchase;
using Streaming.Application.Purchases.Queries.GetBuyPage;
using Streaming.Application.Purchases.Queries.GetMyPurchase;
using Streaming.Domain.Purchases;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>
/// Buying tokens on the web: choose a pack (/tokens/buy), pay on the provider's checkout page, come
/// back to /tokens/buy/{purchase}/done, which confirms the payment with the provider and returns
/// to the class being enrolled in.
/// </summary>
[Route("tokens/buy")]
public class BuyTokensController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? need, string? returnUrl, CancellationToken cancellationToken)
    {
        ModelState.Clear(); // need=abc falls back to no shortfall
        var page = await mediator.Send(new GetBuyPageQuery(need, returnUrl), cancellationToken);
        if (!page.Enabled && page.ExternalUrl is { } external) return Redirect(external);
        return View(page);
    }

    [HttpPost("")]
    public async Task<IActionResult> Start(StartPurchaseCommand command, CancellationToken cancellationToken)
    {
        var checkout = await this.SendFormAsync(mediator, command, cancellationToken);
        if (checkout is not null) return Redirect(checkout);

        TempData.Flash(FlashKind.Error, string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct()));
        return RedirectToAction(nameof(Index), new { returnUrl = command.ReturnUrl });
    }

    /// <summary>The provider's success URL. Nothing in it is trusted: the provider is asked.</summary>
    [HttpGet("{id:guid}/done")]
    public async Task<IActionResult> Done(Guid id, CancellationToken cancellationToken)
    {
        var purchase = await mediator.Send(new CompletePurchaseCommand(id), cancellationToken);
        switch (purchase.Status)
        {
            case PurchaseStatus.Completed:
                TempData.Flash(FlashKind.Success, $"{purchase.Tokens} tokens added ({purchase.PackName}, {purchase.Amount})."
                                    + (purchase.Balance is { } balance ? $" Your balance is now {balance}." : "")
                                    + (purchase.ReturnUrl is null ? "" : " You can enroll now."));
                return LocalRedirect(purchase.ReturnUrl ?? "/tokens");
            case PurchaseStatus.Pending:
                return View("Waiting", purchase);
            default:
                TempData.Flash(FlashKind.Error, "That checkout ended without a payment. Nothing was charged; choose a pack to try again.");
                return RedirectToAction(nameof(Index), new { returnUrl = purchase.ReturnUrl });
        }
    }

    /// <summary>The provider's cancel URL: back to the packs, nothing charged.</summary>
    [HttpGet("{id:guid}/cancelled")]
    public async Task<IActionResult> Cancelled(Guid id, CancellationToken cancellationToken)
    {
        var purchase = await mediator.Send(new GetMyPurchaseQuery(id), cancellationToken);
        if (purchase.Status == PurchaseStatus.Completed) return RedirectToAction(nameof(Done), new { id });
        TempData.Flash(FlashKind.Success, "Checkout cancelled: nothing was charged.");
        return RedirectToAction(nameof(Index), new { returnUrl = purchase.ReturnUrl });
    }
}
