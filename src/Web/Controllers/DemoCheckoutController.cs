using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Purchases.Commands.PayDemoCheckout;
using Streaming.Application.Purchases.Queries.GetDemoCheckout;
using Streaming.Domain.Common;
using Streaming.Domain.Purchases;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>
/// The demo provider's checkout page (Payments:Provider=Demo, never in Production): it stands where
/// Stripe's page would, says clearly that it is a demo, and "Pay" completes the purchase without money.
/// Only the member who started the checkout sees it (404 otherwise).
/// </summary>
[Route("demo-checkout/{sessionId}")]
public class DemoCheckoutController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string sessionId, CancellationToken cancellationToken)
    {
        var checkout = await mediator.Send(new GetDemoCheckoutQuery(sessionId), cancellationToken);
        return checkout.Status == PurchaseStatus.Completed ? Redirect(checkout.SuccessUrl) : View(checkout);
    }

    [HttpPost("pay")]
    public async Task<IActionResult> Pay(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            return Redirect(await mediator.Send(new PayDemoCheckoutCommand(sessionId), cancellationToken));
        }
        catch (DomainException ex)
        {
            TempData.Flash(FlashKind.Error, ex.Message);
            return RedirectToAction(nameof(Index), new { sessionId });
        }
    }
}
