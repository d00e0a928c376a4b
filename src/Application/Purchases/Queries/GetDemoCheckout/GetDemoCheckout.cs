using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Queries.GetDemoCheckout;

/// <summary>The demo checkout page of the member's own purchase (404 for anyone else's, and without the demo provider).</summary>
[Authorize]
public record GetDemoCheckoutQuery(string SessionId) : IRequest<DemoCheckoutDto>;

public record DemoCheckoutDto(string SessionId, string PackName, int Tokens, Money Amount, PurchaseStatus Status, string SuccessUrl, string CancelUrl);

public class GetDemoCheckoutHandler(IApplicationDbContext db, ICurrentUser currentUser, WebPurchases webPurchases, IAppLinks links, IOptions<PaymentOptions> options)
    : IRequestHandler<GetDemoCheckoutQuery, DemoCheckoutDto>
{
    public async Task<DemoCheckoutDto> Handle(GetDemoCheckoutQuery request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        if (!webPurchases.IsDemo) throw new NotFoundException("Demo checkout", request.SessionId);
        var purchase = await db.TokenPurchases.AsNoTracking()
            .SingleOrDefaultAsync(p => p.CheckoutSessionId == request.SessionId && p.MemberId == memberId, cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPurchase), request.SessionId);
        return new DemoCheckoutDto(request.SessionId, purchase.PackName, purchase.Tokens, purchase.Amount, purchase.Status,
            PurchaseLinks.Success(links, options.Value, purchase.Id), PurchaseLinks.Cancel(links, options.Value, purchase.Id));
    }
}
