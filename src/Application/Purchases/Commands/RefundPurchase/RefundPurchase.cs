using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Commands.RefundPurchase;

/// <summary>
/// A super admin gives the money of a purchase back, through the provider. When the provider
/// confirms the refund, the tokens are taken back at once; otherwise its refund event does it.
/// The refund's idempotency key names the purchase and what was refunded before, so a double
/// click (or a retry after the answer was lost) refunds once.
/// </summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record RefundPurchaseCommand(Guid PurchaseId) : IRequest<RefundPurchaseResult>;

public record RefundPurchaseResult(PaymentRefundStatus Status, Money Refunded, int TokensTakenBack, int TokensNotRecovered);

public class RefundPurchaseHandler(
    IApplicationDbContext db, IPaymentProvider provider, PurchaseSettlement settlement, TimeProvider clock)
    : IRequestHandler<RefundPurchaseCommand, RefundPurchaseResult>
{
    public async Task<RefundPurchaseResult> Handle(RefundPurchaseCommand request, CancellationToken cancellationToken)
    {
        var purchase = await db.TokenPurchases.SingleOrDefaultAsync(p => p.Id == request.PurchaseId, cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPurchase), request.PurchaseId);
        if (purchase.Provider != provider.Name)
            throw new Domain.Common.DomainException($"This purchase was paid through {purchase.Provider}, which is not the payment provider now: refund it there.");

        purchase.RecordRefundRequested(clock.GetUtcNow());
        var amount = new Money(purchase.RefundableMinorUnits, purchase.Currency);
        var refund = await provider.RefundAsync(
            new PaymentRefundRequest(purchase.PaymentReference!, amount, $"refund:{purchase.Id}:{purchase.RefundedMinorUnits}"), cancellationToken);
        await db.SaveChangesAsync(CancellationToken.None); // the refund happened: record the request whatever the browser does

        var before = (purchase.TokensTakenBack, purchase.TokensNotRecovered);
        if (refund.Status == PaymentRefundStatus.Succeeded)
        {
            purchase = await settlement.ApplyAsync(purchase.Id,
                new PaymentFacts(RefundedMinorUnits: purchase.RefundedMinorUnits + refund.AmountMinorUnits), CancellationToken.None);
        }

        return new RefundPurchaseResult(refund.Status, new Money(refund.AmountMinorUnits, purchase.Currency),
            purchase.TokensTakenBack - before.TokensTakenBack, purchase.TokensNotRecovered - before.TokensNotRecovered);
    }
}
