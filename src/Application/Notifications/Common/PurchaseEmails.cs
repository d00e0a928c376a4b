using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;

namespace Streaming.Application.Notifications.Common;

/// <summary>
/// Drafts the receipt for a token pack from the purchase as it is when the email goes out; skipped
/// when the purchase is gone or was never paid.
/// </summary>
public sealed class PurchaseEmails(IApplicationDbContext db, IAppLinks links)
{
    public async Task<DraftResult> DraftAsync(OutboxEmail email, UserProfile recipient, CancellationToken cancellationToken)
    {
        if (email.Kind != EmailKind.TokenPurchaseReceipt) throw new InvalidOperationException($"{email.Kind} is not an email about a token purchase.");
        var purchase = await db.TokenPurchases.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == email.TokenPurchaseId && p.MemberId == recipient.Id, cancellationToken);
        if (purchase is not { Status: PurchaseStatus.Completed, CompletedAt: { } paidAt })
            return EmailDraft.Skip("The purchase is no longer there, or was not paid.");

        var model = new TokenPurchaseReceiptModel(purchase.PackName, purchase.Tokens, purchase.Amount,
            new ZonedTime(paidAt, RecipientTimeZone.Of(recipient)), purchase.PaymentReference, links.TokenReceipts())
        {
            RecipientName = recipient.DisplayName,
        };
        return new EmailDraft(new EmailRecipient(recipient.Email, recipient.DisplayName), model, []);
    }
}
