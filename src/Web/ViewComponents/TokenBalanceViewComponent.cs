using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Tokens.Queries.GetBalance;

namespace Streaming.Web.ViewComponents;

/// <summary>The member's balance in the navigation bar.</summary>
public class TokenBalanceViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View(await mediator.Send(new GetBalanceQuery(), HttpContext.RequestAborted));
}
