using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Purchases.Queries.GetBuyTokensLink;

namespace Streaming.Web.ViewComponents;

/// <summary>
/// "Buy tokens — you need 3 more": shown when the member's balance is short of <c>price</c>, and
/// bringing them back to <c>returnUrl</c> after buying (the web purchase), or leading to the
/// configured purchase URL (external token backend). <c>price</c> 0 is a plain "Buy tokens".
/// Any page that refuses something for lack of tokens can use it:
/// <c>@await Component.InvokeAsync("BuyTokensLink", new { price, returnUrl })</c>, or set
/// <see cref="TempDataKey"/> to the price next to TempData["Error"], and the message shows it.
/// </summary>
public class BuyTokensLinkViewComponent(IMediator mediator) : ViewComponent
{
    /// <summary>TempData key (an int: the price) that makes the error message offer "Buy tokens" for the page it is shown on.</summary>
    public const string TempDataKey = "ErrorBuyTokensFor";

    public async Task<IViewComponentResult> InvokeAsync(int price = 0, string? returnUrl = null, int? balance = null, string? id = null)
    {
        ViewData["LinkId"] = id ?? "buy-tokens";
        return View(await mediator.Send(new GetBuyTokensLinkQuery(price, returnUrl, balance), HttpContext.RequestAborted));
    }
}
