using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Purchases.Queries.GetBuyTokensLink;

namespace Streaming.Web.ViewComponents;

/// <summary>
/// "Buy tokens — you need 3 more": shown when the member's balance is short of <c>price</c>, and
/// bringing them back to <c>returnUrl</c> after buying (the web purchase), or leading to the
/// configured purchase URL (external token backend). <c>price</c> 0 is a plain "Buy tokens".
/// Any page that refuses something for lack of tokens can use it:
/// <c>@await Component.InvokeAsync("BuyTokensLink", new { price, returnUrl })</c>, or, with an error
/// message for the next page, <c>TempData.OfferBuyTokens(price)</c> (<see cref="Infrastructure.FlashMessages"/>).
/// </summary>
public class BuyTokensLinkViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int price = 0, string? returnUrl = null, int? balance = null, string? id = null)
    {
        ViewData["LinkId"] = id ?? "buy-tokens";
        return View(await mediator.Send(new GetBuyTokensLinkQuery(price, returnUrl, balance), HttpContext.RequestAborted));
    }
}
