using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
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
        var purchase = notification.DomainEvent.Purchase;
        var key = OutboxEmail.TokenPurchaseReceiptKey(purchase.Id);
        if (db.OutboxEmails.Local.Any(e => e.DedupKey == key) || await db.OutboxEmails.AnyAsync(e => e.DedupKey == key, cancellationToken)) return;
        db.OutboxEmails.Add(OutboxEmail.TokenPurchaseReceipt(purchase, clock.GetUtcNow()));
    }
}
