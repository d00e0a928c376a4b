using MediatR;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Purchases.EventHandlers;

/// <summary>
/// Tells the member when tokens of a purchase were taken back (money returned) or given back (a
/// dispute won): queued in the settlement's transaction, once per adjustment (the settlement locks
/// the purchase row and numbers its adjustments). Opt-outs ("Receipts and cancellations") are
/// honoured when the email is sent.
/// </summary>
public sealed class TokenPurchaseAdjustedEventHandler(IApplicationDbContext db, TimeProvider clock)
    : INotificationHandler<DomainEventNotification<TokenPurchaseAdjusted>>
{
    public async Task Handle(DomainEventNotification<TokenPurchaseAdjusted> notification, CancellationToken cancellationToken)
    {
        var adjusted = notification.DomainEvent;
        await db.AddOnceAsync(OutboxEmail.TokenPurchaseAdjusted(adjusted.Purchase, adjusted.Adjustment, adjusted.Tokens, adjusted.Reason, adjusted.BalanceAfter, clock.GetUtcNow()), cancellationToken);
    }
}
