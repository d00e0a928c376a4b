using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Commands.PayDemoCheckout;

/// <summary>
/// "Pay (demo)" on the demo checkout page: the demo provider marks its session paid and the
/// purchase is settled as a provider's webhook would settle it; the browser then goes to the
/// success URL like after a real checkout. Someone else's checkout is a 404.
/// </summary>
[Authorize]
public record PayDemoCheckoutCommand(string SessionId) : IRequest<string>;

public class PayDemoCheckoutHandler(
    IApplicationDbContext db, ICurrentUser currentUser, WebPurchases webPurchases, IDemoCheckout demo, IPaymentProvider provider,
    PurchaseSettlement settlement, IAppLinks links, IOptions<PaymentOptions> options)
    : IRequestHandler<PayDemoCheckoutCommand, string>
{
    public async Task<string> Handle(PayDemoCheckoutCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        if (!webPurchases.IsDemo) throw new NotFoundException("Demo checkout", request.SessionId);
        var purchaseId = await db.TokenPurchases
            .Where(p => p.CheckoutSessionId == request.SessionId && p.MemberId == memberId)
            .Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPurchase), request.SessionId);

        await demo.MarkPaidAsync(request.SessionId, cancellationToken);
        await settlement.ApplyAsync(purchaseId, PaymentFacts.From(await provider.GetCheckoutAsync(request.SessionId, cancellationToken)), cancellationToken);
        return PurchaseLinks.Success(links, options.Value, purchaseId);
    }
}
