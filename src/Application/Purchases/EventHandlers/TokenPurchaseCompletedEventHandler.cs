using MediatR;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Purchases.EventHandlers;

/// <summary>
/// Queues the receipt for a token pack in the transaction that credits it, once per purchase: the
/// settlement locks the purchase row, and the dedup key stops a second receipt should anything
/// complete it again. Opt-outs ("Receipts and cancellations") are honoured when the email is sent.
/// </summary>
public sealed class TokenPurchaseCompletedEventHandler(IApplicationDbContext db, TimeProvider clock)
    : INotificationHandler<DomainEventNotification<TokenPurchaseCompleted>>
{
    public async Task Handle(DomainEventNotification<TokenPurchaseCompleted> notification, CancellationToken cancellationToken)
    {
        await db.AddOnceAsync(OutboxEmail.TokenPurchaseReceipt(notification.DomainEvent.Purchase, notification.DomainEvent.BalanceAfter, clock.GetUtcNow()), cancellationToken);
    }
}
